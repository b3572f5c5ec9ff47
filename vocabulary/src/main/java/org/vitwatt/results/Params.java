package org.vitwatt.results;

import java.util.List;

/**
 * The parameters of vitwatt's inference benchmark ({@code -p NAME=VALUE}), by the names JMH records in every
 * result's {@code params}, with their defaults. The defaults are compile-time constants so that the benchmark's
 * {@code @Param} annotations use them.
 */
public final class Params {
    public static final String MODEL = "model";
    public static final String DATASET = "dataset";
    public static final String PRECISION = "precision";
    public static final String PROVIDER = "provider";
    public static final String POWER_MODE = "powerMode";
    public static final String CALIBRATION = "calibration";
    public static final String INT8_WEIGHTS = "int8Weights";
    public static final String BATCH = "batch";
    public static final String THREADS = "threads";
    public static final String ACCURACY_LIMIT = "accuracyLimit";
    public static final String GPU_CLOCK = "gpuClock";
    public static final String CPU_CLOCK = "cpuClock";

    public static final String DEFAULT_MODEL = "deit_tiny";
    public static final String DEFAULT_DATASET = "synthetic";
    public static final String DEFAULT_PRECISION = "fp32";
    public static final String DEFAULT_PROVIDER = "cpu";
    /** No power-mode check. */
    public static final String DEFAULT_POWER_MODE = "any";
    public static final String DEFAULT_CALIBRATION = "minmax:128";
    /** The INT8 weight format is chosen from the CPU and the provider. */
    public static final String DEFAULT_INT8_WEIGHTS = "auto";
    public static final String DEFAULT_BATCH = "1";
    /** ONNX Runtime's default intra-op threads (one per physical core). */
    public static final String DEFAULT_THREADS = "0";
    /** Every image of the dataset is scored. */
    public static final String DEFAULT_ACCURACY_LIMIT = "all";
    /** Clocks as the governor and the power mode leave them. */
    public static final String DEFAULT_CLOCK = "default";

    /**
     * A parameter and its default.
     *
     * @param name         the {@code -p} name
     * @param defaultValue its value when not given
     */
    public record Param(String name, String defaultValue) {
    }

    /** Every parameter, in the order the benchmark declares them. */
    public static final List<Param> ALL = List.of(new Param(MODEL, DEFAULT_MODEL), new Param(DATASET, DEFAULT_DATASET),
            new Param(PRECISION, DEFAULT_PRECISION), new Param(PROVIDER, DEFAULT_PROVIDER),
            new Param(POWER_MODE, DEFAULT_POWER_MODE), new Param(CALIBRATION, DEFAULT_CALIBRATION),
            new Param(INT8_WEIGHTS, DEFAULT_INT8_WEIGHTS), new Param(BATCH, DEFAULT_BATCH),
            new Param(THREADS, DEFAULT_THREADS), new Param(ACCURACY_LIMIT, DEFAULT_ACCURACY_LIMIT),
            new Param(GPU_CLOCK, DEFAULT_CLOCK), new Param(CPU_CLOCK, DEFAULT_CLOCK));

    private Params() {
    }

    /** The default of parameter {@code name}. */
    public static String defaultOf(String name) {
        for (Param p : ALL) {
            if (p.name().equals(name)) {
                return p.defaultValue();
            }
        }
        throw new IllegalArgumentException("no benchmark parameter " + name);
    }
}
