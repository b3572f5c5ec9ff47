package org.vitwatt.power;

import java.io.IOException;
import java.util.List;

/**
 * An opened {@link PowerReader}: a fixed list of channels read together, either as cumulative energy counters
 * (preferred where the hardware has one) or as instantaneous power that the {@link Sampler} integrates.
 *
 * <p>Reads happen on the sampler's thread only; implementations need not be thread-safe but must be fast (keep files
 * open and re-read them at offset 0) and must never return a made-up value: a read that fails throws.
 */
public interface Sensor extends AutoCloseable {

    /** What a read returns. */
    enum Kind {
        /** {@link #readEnergyMicroJoules}: a monotone counter (modulo {@link #wrapMicroJoules}) per channel. */
        ENERGY_COUNTER,
        /** {@link #readPowerMilliWatts}: instantaneous (or hardware-averaged) power per channel. */
        POWER
    }

    /** The id of the reader that opened it. */
    String readerId();

    /** The selected channels, in the order of the arrays passed to the read methods. */
    List<Channel> channels();

    Kind kind();

    /** Whether the figures are an estimate (see {@link PowerReader#isEstimate()}). */
    default boolean isEstimate() {
        return false;
    }

    /**
     * How often the hardware refreshes the value, in nanoseconds (a declared or documented figure, not a
     * measurement); used to warn about windows shorter than about ten updates.
     */
    long updateIntervalNanos();

    /**
     * Where {@link #updateIntervalNanos()} comes from, for the record: a sysfs file and its value, a derivation, or
     * the documentation it was taken from.
     */
    default String updateIntervalSource() {
        return "documented";
    }

    /**
     * Whether {@link #updateIntervalNanos()} is only a documented typical value that watching the readings change
     * should replace ({@link UpdateWatch}): true for NVML (20–100 ms by GPU) and RAPL, false where the hardware says.
     */
    default boolean updateIntervalObservable() {
        return false;
    }

    /**
     * For counters: the value at which channel {@code channel} wraps back to zero (RAPL {@code max_energy_range_uj}),
     * or 0 when it does not wrap in practice (NVML's 64-bit millijoule counter).
     */
    default long wrapMicroJoules(int channel) {
        return 0;
    }

    /** Fills {@code out[i]} with channel i's counter in microjoules. Only for {@link Kind#ENERGY_COUNTER}. */
    default void readEnergyMicroJoules(long[] out) throws IOException {
        throw new UnsupportedOperationException(readerId() + " reads power, not energy");
    }

    /** Fills {@code out[i]} with channel i's power in milliwatts. Only for {@link Kind#POWER}. */
    default void readPowerMilliWatts(double[] out) throws IOException {
        throw new UnsupportedOperationException(readerId() + " reads energy, not power");
    }

    /**
     * What opening this sensor left out or assumed that a user should hear about once (a rail whose files are
     * missing, skipped from the default selection), one line each; empty when nothing.
     */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * Called by the sampler a few times a second: throws if the sensor has gone (a sysfs device removed while its
     * files were open still reads stale values on some file systems, so readers check that their paths exist).
     */
    default void checkPresent() throws IOException {
    }

    /** Releases files or the library. Never throws. */
    @Override
    void close();
}
