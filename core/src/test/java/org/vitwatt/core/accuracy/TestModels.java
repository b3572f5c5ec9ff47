package org.vitwatt.core.accuracy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;
import org.vitwatt.models.onnx.OnnxFiles;
import org.vitwatt.models.onnx.TensorData;

/**
 * Classifiers whose output is a known function of their input, built with the project's graph builder:
 * {@code GlobalAveragePool → Flatten → Gemm}. With the mean red value {@code x} of the normalised image,
 * {@code logit_c = K·c·x − c²/2 = −(c − K·x)²/2 + (K·x)²/2}, so the classes rank by their distance to
 * {@code K·x}: top-1 is {@code round(K·x)} and top-5 the five classes nearest to it. {@code K = classes − 1}.
 */
public final class TestModels {
    private TestModels() {
    }

    /**
     * Writes the model to {@code file}, with a sidecar that feeds it {@code size}-pixel images normalised with
     * mean 0 and std 1 (so {@code x = red / 255}), bilinear, no crop. {@code batch} 0 = dynamic batch.
     */
    public static Path nearestRed(Path file, int classes, int size, int batch) {
        GraphBuilder g = new GraphBuilder("nearest_red", new Weights("test"));
        Object n = batch == 0 ? "batch" : (Object) batch;
        Value in = g.input("input", GraphBuilder.FLOAT, n, 3, size, size);
        Value pooled = g.flatten(g.globalAvgPool(in), 1);
        float k = classes - 1;
        float[] w = new float[3 * classes];
        float[] b = new float[classes];
        for (int c = 0; c < classes; c++) {
            w[c] = k * c; // row 0 (red) of the [3, classes] weight
            b[c] = -0.5f * c * c;
        }
        Value wv = g.initializer(TensorData.floatTensor("head.weight", new long[] {3, classes}, w));
        Value bv = g.initializer(TensorData.floatTensor("head.bias", new long[] {classes}, b));
        Value logits = g.rename(g.op("Gemm", List.of(pooled, wv, bv)), "logits");
        g.output(logits, GraphBuilder.FLOAT, n, classes);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            OnnxFiles.write(g.build("test", "nearest red"), file);
            Files.writeString(Path.of(file + ".json"), "{\"format\": \"vitwatt-sidecar/1\", \"num_classes\": " + classes
                    + ", \"input_size\": [3, " + size + ", " + size + "], \"interpolation\": \"bilinear\", "
                    + "\"mean\": [0, 0, 0], \"std\": [1, 1, 1], \"crop_pct\": 1.0, \"crop_mode\": \"center\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The red value whose image the {@code classes}-way model assigns to class {@code c}: round(255·c/K). */
    public static int redFor(int c, int classes) {
        return (int) Math.round(255.0 * c / (classes - 1));
    }
}
