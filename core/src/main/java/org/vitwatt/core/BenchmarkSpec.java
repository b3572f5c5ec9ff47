package org.vitwatt.core;

import org.vitwatt.core.data.DatasetSpec;
import org.vitwatt.models.VitwattException;

/**
 * One benchmark configuration, parsed and validated from the text of JMH's {@code @Param} values so that
 * the JMH entry point (before any fork starts) and the benchmark's setup reject the same bad values with
 * the same message.
 *
 * @param model     model name or .onnx path
 * @param dataset   dataset
 * @param precision precision level or plan
 * @param provider  execution provider
 * @param device    GPU index for cuda / tensorrt ({@code -p provider=cuda:1}), 0 by default
 * @param batch     images per inference, >= 1
 * @param threads   ONNX Runtime intra-op threads, 0 = ONNX Runtime's default (one per physical core)
 */
public record BenchmarkSpec(String model, DatasetSpec dataset, Precision precision, Provider provider, int device,
        int batch, int threads) {

    /** Parses each {@code -p} value; a bad one gives a {@link VitwattException} naming the flag. */
    public static BenchmarkSpec parse(String model, String dataset, String precision, String provider, String batch,
            String threads) {
        return new BenchmarkSpec(model.trim(), DatasetSpec.parse(dataset), Precision.parse(precision),
                Provider.parse(provider), Provider.deviceOf(provider), positive("batch", batch, 1),
                positive("threads", threads, 0));
    }

    private static int positive(String flag, String text, int min) {
        int v;
        try {
            v = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new VitwattException("-p " + flag + "=" + text + " is not a whole number: give e.g. -p " + flag
                    + "=" + Math.max(min, 1));
        }
        if (v < min) {
            throw new VitwattException("-p " + flag + "=" + text + " must be >= " + min
                    + (flag.equals("threads") ? " (0 = ONNX Runtime's default)" : ""));
        }
        return v;
    }
}
