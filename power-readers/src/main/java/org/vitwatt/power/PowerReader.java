package org.vitwatt.power;

/**
 * A family of power sensors, found by {@link java.util.ServiceLoader} (see {@link PowerReaders}).
 *
 * <p>Implementations have a public no-argument constructor that does nothing expensive: every machine-specific
 * step (globbing sysfs, loading a native library) happens in {@link #probe} and {@link #open}, which take every root
 * path and library name from {@link PowerOptions}, so that tests and users can point a reader at a fake sysfs tree
 * ({@code sysfs=DIR}) or a stub library ({@code nvmlLib=FILE}).
 */
public interface PowerReader {

    /** Short id used in {@code readers=} and metric labels: {@code ina3221}, {@code nvml}, {@code rapl}, {@code cpu-estimate}. */
    String id();

    /** One line: what it reads and from where. */
    String description();

    /** {@code true} for a reader whose figures are a model rather than a measurement; its id says "estimate". */
    default boolean isEstimate() {
        return false;
    }

    /** Cheap check, never throws: whether {@link #open} should work here, and if not, why. */
    Availability probe(PowerOptions options);

    /**
     * Finds the channels, applies {@code rails=} (the entries that name this reader's channels), and opens what must
     * stay open while sampling.
     *
     * @throws SensorException      the sensor is absent or unreadable; the message is the reason
     * @throws PowerConfigException the options are wrong for this reader (e.g. a rail this reader does not have,
     *                              when it was asked for as {@code <reader>/<rail>}; the cpu estimate without a TDP)
     */
    Sensor open(PowerOptions options) throws SensorException;
}
