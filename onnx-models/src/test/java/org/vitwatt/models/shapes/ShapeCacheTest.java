package org.vitwatt.models.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.models.fixtures.Exports;

/** A model file's value types are read once by ONNX Runtime and then from the cache, keyed by bytes and input. */
class ShapeCacheTest {
    @TempDir
    Path cache;

    @Test
    void typesAreComputedOnceThenReadBack() throws Exception {
        Path file = Exports.dir().resolve("swin_torchvision_op14.onnx");
        ModelProto m = Exports.model("swin_torchvision_op14.onnx");
        InputDims dims = InputDims.of(m.getGraph(), Map.of());
        List<String> runs = new ArrayList<>();
        ShapeOracle counting = new ShapeOracle(OrtEnvironment.getEnvironment(), runs::add, 1000, Long.MAX_VALUE);
        ValueTypes first = new ShapeCache(cache).types(file, m, dims, counting);
        assertTrue(!runs.isEmpty(), "computed by ONNX Runtime");
        runs.clear();
        ShapeOracle without = new ShapeOracle(null, runs::add); // no ONNX Runtime: only the cache can answer
        ValueTypes again = new ShapeCache(cache).types(file, m, dims, without);
        assertEquals(first, again);
        try (Stream<Path> entries = Files.list(cache.resolve("shapes"))) {
            assertEquals(1, entries.count());
        }
    }

    @Test
    void anUnreadableEntryIsComputedAgain() throws Exception {
        Path file = Exports.dir().resolve("vit_hf_op17.onnx");
        ModelProto m = Exports.model("vit_hf_op17.onnx");
        InputDims dims = InputDims.of(m.getGraph(), Map.of());
        ShapeOracle oracle = new ShapeOracle(OrtEnvironment.getEnvironment(), line -> { });
        ValueTypes first = new ShapeCache(cache).types(file, m, dims, oracle);
        try (Stream<Path> entries = Files.list(cache.resolve("shapes"))) {
            Files.writeString(entries.findFirst().orElseThrow(), "{\"format\": \"trunc");
        }
        assertEquals(first, new ShapeCache(cache).types(file, m, dims, oracle));
    }
}
