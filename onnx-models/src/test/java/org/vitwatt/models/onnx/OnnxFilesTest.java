package org.vitwatt.models.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.store.ModelStore;

class OnnxFilesTest {
    @TempDir
    Path dir;

    private final ModelProto tiny = ModelStore.buildModel(Catalog.standard().require("deit_tiny"), s -> { });

    @Test
    void writeThenReadRoundTrips() throws Exception {
        Path f = dir.resolve("m.onnx");
        OnnxFiles.write(tiny, f);
        assertEquals(tiny, OnnxFiles.read(f));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope.onnx");
        VitwattException e = assertThrows(VitwattException.class, () -> OnnxFiles.read(f));
        assertTrue(e.getMessage().startsWith("model file " + f + " does not exist"), e.getMessage());
    }

    @Test
    void directoryIsRejected() {
        VitwattException e = assertThrows(VitwattException.class, () -> OnnxFiles.read(dir));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void truncatedFileSaysTruncated() throws Exception {
        byte[] all = tiny.toByteArray();
        Path f = dir.resolve("cut.onnx");
        Files.write(f, Arrays.copyOf(all, all.length / 3));
        VitwattException e = assertThrows(VitwattException.class, () -> OnnxFiles.read(f));
        assertEquals("model file " + f + " is truncated (the protobuf data ends in the middle of a message): "
                + "re-export it or copy it again", e.getMessage());
    }

    @Test
    void textFileIsNotOnnx() throws Exception {
        Path f = dir.resolve("notes.onnx");
        Files.writeString(f, "this is not a model\n");
        VitwattException e = assertThrows(VitwattException.class, () -> OnnxFiles.read(f));
        assertTrue(e.getMessage().startsWith("model file " + f + " is not an ONNX model"), e.getMessage());
    }

    @Test
    void validProtobufWithoutGraphIsNotOnnx() throws Exception {
        Path f = dir.resolve("empty.onnx");
        Files.write(f, ModelProto.newBuilder().setIrVersion(8).setGraph(GraphProto.newBuilder().setName("g"))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).build().toByteArray());
        VitwattException e = assertThrows(VitwattException.class, () -> OnnxFiles.read(f));
        assertTrue(e.getMessage().contains("is not an ONNX model") && e.getMessage().contains("empty graph"),
                e.getMessage());
    }

    @Test
    void unwritableTargetNamesTheFile() throws Exception {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "x");
        Path f = blocker.resolve("m.onnx"); // parent is a file
        VitwattException e = assertThrows(VitwattException.class, () -> OnnxFiles.write(tiny, f));
        assertTrue(e.getMessage().startsWith("cannot write model file " + f), e.getMessage());
    }

    @Test
    void tensorValuesReadBackFromRawData() {
        var t = TensorData.floatTensor("w", new long[] {2, 2}, new float[] {1f, -2f, 3.5f, 0f});
        assertArrayEquals(new float[] {1f, -2f, 3.5f, 0f}, TensorData.floats(t, null));
        var l = TensorData.int64Tensor("s", new long[] {3}, new long[] {0, -1, 192});
        assertArrayEquals(new long[] {0, -1, 192}, TensorData.longs(l, null));
        assertEquals(4, TensorData.numel(t));
    }
}
