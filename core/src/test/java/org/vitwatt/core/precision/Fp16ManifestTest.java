package org.vitwatt.core.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OrtEnvironment;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.Precision;
import org.vitwatt.core.Provider;
import org.vitwatt.core.data.SyntheticImages;
import org.vitwatt.core.sys.CpuIsa;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.graph.Attrs;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;
import org.vitwatt.models.onnx.OnnxFiles;
import org.vitwatt.models.store.ModelStore;

/** An FP16 variant's manifest names every op that stayed FP32, with its node count and reason. */
class Fp16ManifestTest {
    @TempDir
    Path dir;

    @Test
    void anOpOnTheBlockListStaysFp32AndTheManifestSaysWhy() throws Exception {
        GraphBuilder g = new GraphBuilder("range_head", new Weights("range_head"));
        Value x = g.input("input", GraphBuilder.FLOAT, "batch", 3, 8, 8);
        Value conv = g.op("Conv", List.of(x, g.weight("w", new long[] {4, 3, 8, 8}, Init.normal(0.1))),
                Attrs.ints("kernel_shape", 8, 8));
        Value offsets = g.op("Range", List.of(g.scalar(0f), g.scalar(4f), g.scalar(1f)));
        Value logits = g.add(g.flatten(conv, 1), offsets);
        g.output(logits, GraphBuilder.FLOAT, "batch", 4);
        Path file = dir.resolve("range_head.onnx");
        OnnxFiles.write(g.build("t", ""), file);

        OrtEnvironment ort = OrtEnvironment.getEnvironment();
        Path cache = dir.resolve("cache");
        ModelRef ref = ModelRef.resolve(new ModelStore(Catalog.standard(), List.of(), cache), file.toString(), ort,
                s -> { });
        SyntheticImages images = new SyntheticImages(ref.preprocessing(), 4, 7);
        ModelVariant v = new PrecisionVariants(cache, ort).resolve(ref, Precision.parse("fp16"), Provider.CPU,
                CalibrationSpec.parse("minmax:4"), Int8Weights.AUTO.choose(Provider.CPU, CpuIsa.current()),
                () -> images, s -> { });

        String reason = "on the op block list (onnxconverter-common's DEFAULT_OP_BLOCK_LIST)";
        assertEquals(List.of(Map.of("op", "Range", "nodes", 1.0, "reason", reason)), v.manifest().get("fp32Kept"));
        assertEquals(3.0, v.manifest().get("fp16Nodes"), "the Conv, the Flatten and the Add");
        Path json = Path.of(v.file().toString().replaceFirst("\\.onnx$", ".json"));
        JsonArray kept = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonArray("fp32Kept");
        assertEquals(1, kept.size());
        JsonObject range = kept.get(0).getAsJsonObject();
        assertEquals("Range", range.get("op").getAsString());
        assertEquals(1, range.get("nodes").getAsInt());
        assertEquals(reason, range.get("reason").getAsString());
    }
}
