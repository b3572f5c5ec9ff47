package org.vitwatt.power.state;

import java.io.IOException;
import java.util.List;

/**
 * An opened source of device state (clocks, temperatures, throttle reasons) that the sampler reads at a low rate,
 * since these change slowly ({@link StateTimeline}). Reads happen on the sampler's thread only; a value that cannot be
 * read this time is NaN, never a made-up number, and a read that fails altogether throws.
 */
public interface StateProbe extends AutoCloseable {

    /** Where it reads: {@code jetson} (sysfs) or {@code nvml}. */
    String source();

    /** The channels, in the order of the array {@link #read} fills. */
    List<StateChannel> channels();

    /** Fills {@code out[i]} with channel i's value in its unit (MHz, °C, or the reason mask), NaN when unreadable. */
    void read(double[] out) throws IOException;

    /** Releases files or the library. Never throws. */
    @Override
    void close();
}
