package org.vitwatt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;
import org.vitwatt.models.onnx.OnnxFiles;
import org.vitwatt.models.onnx.TensorData;

/** benchmarks.jar's preflight: a dataset that does not fit the model stops the run with one line, before any fork. */
class MainPreflightTest {
    @TempDir
    Path tmp;

    private static void cifar(Path file, int records, int label) throws Exception {
        byte[] b = new byte[records * 3073];
        for (int i = 0; i < records; i++) {
            b[i * 3073] = (byte) label;
        }
        Files.createDirectories(file.getParent());
        Files.write(file, b);
    }

    @Test
    void throughMainBeforeAnyFork() throws Exception {
        Path model = tmp.resolve("m.onnx");
        GraphBuilder g = new GraphBuilder("m", new Weights("t"));
        Value in = g.input("input", GraphBuilder.FLOAT, "batch", 3, 8, 8);
        Value w = g.initializer(TensorData.floatTensor("w", new long[] {3, 10}, new float[30]));
        Value logits = g.rename(g.op("Gemm", List.of(g.flatten(g.globalAvgPool(in), 1), w)), "logits");
        g.output(logits, GraphBuilder.FLOAT, "batch", 10);
        OnnxFiles.write(g.build("t", "t"), model);
        cifar(tmp.resolve("c/test_batch.bin"), 2, 3);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.preflight(new String[] {"Inference", "-p", "model=" + model, "-p",
            "dataset=cifar10:" + tmp.resolve("c"), "-p", "batch=2"}, err), buf.toString(StandardCharsets.UTF_8));
        buf.reset();
        assertEquals(2, Main.preflight(new String[] {"Inference", "-p", "model=" + model, "-p",
            "dataset=cifar10:" + tmp.resolve("c") + "?size=16"}, err));
        assertEquals("vitwatt: -p dataset=cifar10:" + tmp.resolve("c") + "?size=16 crops 16x16 images but model m "
                + "takes 8x8: drop size= or give size=8", buf.toString(StandardCharsets.UTF_8).trim());
    }

    @Test
    void anImageThatWillNotDecodeStopsTheRunBeforeAnyFork() throws Exception {
        Path set = tmp.resolve("pets");
        Files.createDirectories(set.resolve("cat"));
        Files.createDirectories(set.resolve("dog"));
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR);
        ImageIO.write(img, "png", set.resolve("cat/1.png").toFile());
        byte[] garbage = new byte[300];
        new Random(3).nextBytes(garbage);
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, 0, garbage, 0, 8);
        Path bad = Files.write(set.resolve("dog/2.png"), garbage);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        assertEquals(2, Main.preflight(new String[] {"Inference", "-p", "model=deit_tiny", "-p", "dataset=folder:"
                + set, "-p", "batch=1"}, err));
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("vitwatt: ") && last.contains(bad.toString()), buf.toString(StandardCharsets.UTF_8));
    }
}
