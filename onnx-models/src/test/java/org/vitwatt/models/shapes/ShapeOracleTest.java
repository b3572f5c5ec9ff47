package org.vitwatt.models.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.fixtures.Exports;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Init;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;
import org.vitwatt.models.onnx.DataTypes;

/** ONNX Runtime reports the type and shape of every value, in one run or split over several. */
class ShapeOracleTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @TempDir
    Path dir;

    @Test
    void everyValueOfASwinExportIsTyped() {
        ModelProto m = Exports.model("swin_torchvision_op14.onnx");
        ValueTypes t = new ShapeOracle(ENV, Progress.SILENT).infer(m, null, InputDims.of(m.getGraph(), Map.of()),
                "swin");
        m.getGraph().getNodeList().forEach(n -> n.getOutputList().forEach(o ->
                assertTrue(t.type(o).isPresent(), o + " of " + n.getOpType())));
        assertEquals("float[1, 10]", t.type("logits").orElseThrow().toString());
        assertEquals(1, t.batch());
    }

    @Test
    void splittingTheValuesOverSeveralRunsGivesTheSameTypes() {
        ModelProto m = Exports.model("vit_timm_op14.onnx");
        InputDims dims = InputDims.of(m.getGraph(), Map.of());
        ValueTypes one = new ShapeOracle(ENV, Progress.SILENT).infer(m, null, dims, "vit");
        List<String> lines = new ArrayList<>();
        ValueTypes split = new ShapeOracle(ENV, lines::add, 10, 20_000).infer(m, null, dims, "vit");
        assertEquals(one.types(), split.types());
        assertTrue(lines.size() >= 2, "later runs are said: " + lines);
        assertTrue(lines.get(0).startsWith("reading value shapes of vit: run 2, values 11-"), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).endsWith(" of " + one.types().keySet().stream()
                .filter(v -> m.getGraph().getNodeList().stream().anyMatch(n -> n.getOutputList().contains(v))
                        && m.getGraph().getOutputList().stream().noneMatch(o -> o.getName().equals(v))).count()),
                lines.toString());
    }

    @Test
    void externalFloatWeightsAreNotReadButTyped() throws Exception {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 8);
        Value w = g.weight("w", new long[] {8, 3}, Init.normal(0.1));
        g.output(g.matMul(x, w), GraphBuilder.FLOAT, "batch", 3);
        ModelProto m = g.build("t", "");
        TensorProto inline = m.getGraph().getInitializer(0);
        TensorProto external = inline.toBuilder().clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("missing.bin"))
                .build();
        ModelProto ext = m.toBuilder().setGraph(m.getGraph().toBuilder().setInitializer(0, external)).build();
        ValueTypes t = new ShapeOracle(ENV, Progress.SILENT).infer(ext, dir, InputDims.of(ext.getGraph(), Map.of()),
                "ext");
        assertEquals(new ValueType(DataTypes.FLOAT, new long[] {1, 3}), t.type(ext.getGraph().getNode(0).getOutput(0))
                .orElseThrow());
        assertEquals(new ValueType(DataTypes.FLOAT, new long[] {8, 3}), t.type("w").orElseThrow());
        assertTrue(!Files.exists(dir.resolve("missing.bin")), "the weight's bytes are never read");
    }

    @Test
    void aGraphOnnxRuntimeCannotLoadIsOneLineNamingTheModel() {
        GraphBuilder g = new GraphBuilder("t", new Weights("t"));
        Value x = g.input("x", GraphBuilder.FLOAT, "batch", 8);
        Value h = g.node("MysteryOp", "com.example", 1, List.of(x))[0];
        g.output(h, GraphBuilder.FLOAT, "batch", 8);
        ModelProto m = g.build("t", "");
        VitwattException e = assertThrows(VitwattException.class, () -> new ShapeOracle(ENV, Progress.SILENT)
                .infer(m, null, InputDims.of(m.getGraph(), Map.of()), "mystery.onnx"));
        assertTrue(e.getMessage().startsWith("ONNX Runtime cannot load model mystery.onnx to read its value shapes: "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(vitwatt needs a model ONNX Runtime runs)"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aDimNameTheInputsLackIsRefused() {
        ModelProto m = Exports.model("vit_hf_op17.onnx");
        VitwattException e = assertThrows(VitwattException.class, () -> InputDims.of(m.getGraph(),
                Map.of("height", 256L)));
        assertEquals("--dim height=256: no input of this model has a dim named 'height' (its inputs: "
                + "pixel_values float[1, 3, 32, 32])", e.getMessage());
    }
}
