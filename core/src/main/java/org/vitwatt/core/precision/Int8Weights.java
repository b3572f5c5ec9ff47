package org.vitwatt.core.precision;

import java.util.Locale;
import org.vitwatt.core.Provider;
import org.vitwatt.core.sys.CpuIsa;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.precision.WeightFormat;

/**
 * {@code -p int8Weights}: how INT8 weights are stored ({@link WeightFormat}). {@link #AUTO} picks, from the provider
 * and the CPU the benchmark runs on, the 8-bit format whose integer arithmetic is exact there: {@link WeightFormat#U8}
 * on the CPU provider of an x86-64 CPU whose u8×s8 kernels saturate ({@link CpuIsa#u8s8Saturates()}): the same
 * 255 levels as {@link WeightFormat#FULL}, run by ONNX Runtime's u8×u8 kernels, which cannot saturate, so the model
 * computes there what it computes on a VNNI CPU; else {@link WeightFormat#FULL} (VNNI, AMX, ARM64, CUDA, and always
 * TensorRT, which takes full-range signed INT8 only). {@link #FULL}, {@link #REDUCED} (7-bit weights through the
 * faster u8×s8 kernels) and {@link #U8} force a format.
 */
public enum Int8Weights {
    AUTO, FULL, REDUCED, U8;

    /** The default of {@code -p int8Weights}. */
    public static final String DEFAULT = "auto";

    /**
     * The format chosen and why, in words a result can carry.
     *
     * @param format        how the weights are stored
     * @param reason        one line: what decided it
     * @param saturatesHere whether the chosen format saturates this CPU's integer kernels (only when forced)
     */
    public record Choice(WeightFormat format, String reason, boolean saturatesHere) {
    }

    /** The {@code -p int8Weights} spelling. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code -p int8Weights=}. */
    public static Int8Weights parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Int8Weights w : values()) {
            if (w.id().equals(t)) {
                return w;
            }
        }
        throw new VitwattException("-p int8Weights=" + text + " is not known: use auto (chosen from the CPU and the "
                + "provider), full (signed [-127, 127]), reduced (signed [-64, 64], ONNX Runtime's reduce_range) or "
                + "u8 (unsigned [0, 254] around 127)");
    }

    /** The format INT8 weights get for {@code provider} on a machine whose CPU is {@code cpu}. */
    public Choice choose(Provider provider, CpuIsa cpu) {
        boolean saturating = provider == Provider.CPU && cpu.u8s8Saturates();
        if (this == U8 && provider == Provider.TENSORRT) {
            throw new VitwattException("-p int8Weights=u8 cannot run on tensorrt: TensorRT takes signed INT8 weights "
                    + "only; use auto, full or reduced");
        }
        return switch (this) {
            case FULL -> new Choice(WeightFormat.FULL, "full: forced by -p int8Weights=full", saturating);
            case REDUCED -> new Choice(WeightFormat.REDUCED, "reduced: forced by -p int8Weights=reduced", false);
            case U8 -> new Choice(WeightFormat.U8, "u8: forced by -p int8Weights=u8", false);
            case AUTO -> switch (provider) {
                case TENSORRT -> new Choice(WeightFormat.FULL, "full: TensorRT takes full-range signed INT8", false);
                case CUDA -> new Choice(WeightFormat.FULL,
                        "full: the CUDA provider dequantizes to float, nothing saturates", false);
                case CPU -> saturating
                        ? new Choice(WeightFormat.U8, "u8: " + cpu.level() + " CPU without VNNI, where ONNX "
                                + "Runtime's u8s8 kernels (VPMADDUBSW) saturate with signed weights; its u8u8 kernels "
                                + "widen to 16 bits and cannot", false)
                        : new Choice(WeightFormat.FULL, "full: " + cpu.level() + " CPU, whose integer kernels "
                                + "accumulate in 32 bits", false);
            };
        };
    }
}
