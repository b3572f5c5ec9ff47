package org.vitwatt.core.precision;

import java.nio.file.Path;
import java.util.Map;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.Precision;
import org.vitwatt.core.Provider;

/**
 * The file and provider flags that run a model at a precision on a provider.
 *
 * @param file      the ONNX file to load (the FP32 source or a transformed variant)
 * @param precision the precision it realises
 * @param provider  the provider it is meant for
 * @param trtFp16   TensorRT builder flag {@code trt_fp16_enable}
 * @param trtInt8   TensorRT builder flag {@code trt_int8_enable} (the file then carries Q/DQ)
 * @param manifest  how the variant was made (plan, calibration, node counts), as written beside it
 */
public record ModelVariant(Path file, Precision precision, Provider provider, boolean trtFp16, boolean trtInt8,
        Map<String, Object> manifest) {
    public ModelVariant {
        manifest = Map.copyOf(manifest);
    }

    /** The model's own (FP32) file on {@code provider}, no flags. */
    public static ModelVariant source(ModelRef model, Provider provider) {
        return new ModelVariant(model.resolved().file(), Precision.FP32, provider, false, false,
                Map.of("precision", "fp32", "source", model.resolved().file().toString()));
    }
}
