package org.vitwatt.reports.input;

/** The secondary-metric labels of docs/results-format.md that the reports read. */
public final class Labels {
    public static final String PARAMS = "model.params";
    public static final String GMACS = "model.gmacs";
    /** Not in results-format.md yet: bit-weighted ops per image, in GBOPs (10^9), for mixed plans. */
    public static final String BOPS = "model.bops";
    public static final String FILE_MIB = "model.fileMiB";
    public static final String SYNTHETIC_WEIGHTS = "model.syntheticWeights";
    public static final String SESSION_CREATE_MS = "session.createMs";
    public static final String PEAK_RSS = "memory.peakRss";
    public static final String TOP1 = "accuracy.top1";
    public static final String TOP5 = "accuracy.top5";
    public static final String IMAGES = "accuracy.images";
    public static final String AGREEMENT = "accuracy.agreement";
    public static final String ENERGY_TOTAL = "energy.total";
    public static final String ENERGY_ABOVE_IDLE = "energy.aboveIdle";
    public static final String ENERGY_PER_IMAGE = "energy.perImage";
    public static final String ENERGY_PER_IMAGE_ABOVE_IDLE = "energy.perImage.aboveIdle";
    public static final String POWER_MEAN = "power.mean";
    public static final String POWER_PEAK = "power.peak";
    public static final String POWER_IDLE = "power.idle";
    public static final String ENERGY_SAMPLES = "energy.samples";
    public static final String ENERGY_RATE = "energy.rateHz";
    public static final String ENERGY_INVALID = "energy.invalid";
    /** Present (1) when the energy total includes the CPU estimate (OSHI load × TDP), not a measurement. */
    public static final String ENERGY_ESTIMATE = "energy.estimate";
    public static final String SHORT_WINDOW = "energy.warning.shortWindow";

    private Labels() {
    }
}
