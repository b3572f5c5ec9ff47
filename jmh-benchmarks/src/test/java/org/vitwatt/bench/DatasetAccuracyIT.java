package org.vitwatt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;
import org.vitwatt.models.onnx.OnnxFiles;
import org.vitwatt.models.onnx.TensorData;

/**
 * benchmarks.jar on a real (tiny) CIFAR-10 file with a model whose predictions are known: accuracy lands in
 * JMH's JSON as accuracy.top1 / top5 / images; a head that does not match the dataset gives no number.
 */
class DatasetAccuracyIT {
    @TempDir
    Path tmp;

    /**
     * GlobalAveragePool → Gemm, 10 classes: logit_c = 9·c·x − c²/2 with x the mean red value / 255 (the sidecar
     * normalises with mean 0, std 1), so the prediction is round(9·x) and top-5 the 5 nearest classes.
     */
    private Path model() throws Exception {
        GraphBuilder g = new GraphBuilder("m", new Weights("t"));
        Value in = g.input("input", GraphBuilder.FLOAT, "batch", 3, 8, 8);
        float[] w = new float[30];
        float[] b = new float[10];
        for (int c = 0; c < 10; c++) {
            w[c] = 9f * c;
            b[c] = -0.5f * c * c;
        }
        Value logits = g.rename(g.op("Gemm", List.of(g.flatten(g.globalAvgPool(in), 1),
                g.initializer(TensorData.floatTensor("w", new long[] {3, 10}, w)),
                g.initializer(TensorData.floatTensor("b", new long[] {10}, b)))), "logits");
        g.output(logits, GraphBuilder.FLOAT, "batch", 10);
        Path f = tmp.resolve("models/red10.onnx");
        Files.createDirectories(f.getParent());
        OnnxFiles.write(g.build("t", "t"), f);
        Files.writeString(Path.of(f + ".json"), "{\"format\": \"vitwatt-sidecar/1\", \"num_classes\": 10, "
                + "\"input_size\": [3, 8, 8], \"interpolation\": \"bilinear\", \"mean\": [0, 0, 0], "
                + "\"std\": [1, 1, 1], \"crop_pct\": 1.0}");
        return f;
    }

    @Test
    void accuracyIsAJmhSecondaryMetric() throws Exception {
        Path model = model();
        // 8 solid images: red of class [0, 1, 2, 3, 4, 5, 9, 0], labels [0, 1, 2, 3, 4, 5, 7, 9]
        // → top-1 6/8 = 75 %, top-5 7/8 = 87.5 % (record 6: 7 is among 9, 8, 7, 6, 5; record 7: 9 is not near 0)
        int[] colour = {0, 1, 2, 3, 4, 5, 9, 0};
        int[] labels = {0, 1, 2, 3, 4, 5, 7, 9};
        byte[] bin = new byte[8 * 3073];
        for (int i = 0; i < 8; i++) {
            bin[i * 3073] = (byte) labels[i];
            for (int p = 0; p < 1024; p++) {
                bin[i * 3073 + 1 + p] = (byte) Math.round(255.0 * colour[i] / 9);
            }
        }
        Path cifar = Files.createDirectories(tmp.resolve("cifar"));
        Files.write(cifar.resolve("test_batch.bin"), bin);
        Path folder = tmp.resolve("three");
        for (String c : List.of("a", "b", "c")) {
            Path f = Files.createDirectories(folder.resolve(c)).resolve("x.png");
            ImageIO.write(new BufferedImage(5, 5,
                    BufferedImage.TYPE_3BYTE_BGR), "png", f.toFile());
        }
        Path json = tmp.resolve("result.json");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dvitwatt.cache=" + tmp.resolve("cache"), BenchmarksJarIT.ownJmhLock(tmp), "-jar",
                BenchmarksJarIT.JAR.toString(), "Inference",
                "-p", "model=" + model, "-p", "dataset=cifar10:" + cifar + ",folder:" + folder, "-p", "batch=3",
                "-f", "1", "-wi", "0", "-i", "1", "-r", "1", "-rf", "json", "-rff", json.toString()));
        Process p = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out").toFile())
                .redirectError(tmp.resolve("err").toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "benchmarks.jar finished");
        String err = Files.readString(tmp.resolve("err"));
        assertEquals(0, p.exitValue(), err);
        JsonArray all = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonArray();
        assertEquals(2, all.size());
        JsonObject onCifar = all.get(0).getAsJsonObject();
        assertEquals("all", onCifar.getAsJsonObject("params").get("accuracyLimit").getAsString());
        JsonObject sec = onCifar.getAsJsonObject("secondaryMetrics");
        assertEquals(75.0, sec.getAsJsonObject("accuracy.top1").get("score").getAsDouble(), 1e-9);
        assertEquals("%", sec.getAsJsonObject("accuracy.top1").get("scoreUnit").getAsString());
        assertEquals(87.5, sec.getAsJsonObject("accuracy.top5").get("score").getAsDouble(), 1e-9);
        assertEquals(8.0, sec.getAsJsonObject("accuracy.images").get("score").getAsDouble());
        assertEquals("#", sec.getAsJsonObject("accuracy.images").get("scoreUnit").getAsString());
        JsonObject onFolder = all.get(1).getAsJsonObject().getAsJsonObject("secondaryMetrics");
        assertFalse(onFolder.has("accuracy.top1"), "n/a is no number");
        assertTrue(err.contains("vitwatt: accuracy n/a: model red10 has a head of 10 classes but dataset folder:"),
                err);
        assertTrue(err.contains("vitwatt: preprocessing 8 images of cifar10 "), err);
    }
}
