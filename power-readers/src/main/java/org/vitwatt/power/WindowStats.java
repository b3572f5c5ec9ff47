package org.vitwatt.power;

import java.util.List;

/**
 * What the {@link Sampler} measured over one time window {@code [startNanos, endNanos]} ({@link System#nanoTime}
 * stamps).
 *
 * <p>When {@link #valid()} is {@code false} the energy and power fields are {@code NaN} and must not be reported:
 * {@link #invalidReason()} says why (a sensor vanished, the window is not covered by samples, no sensor).
 *
 * @param startNanos       window start
 * @param endNanos         window end
 * @param valid            whether every sensor covered the whole window
 * @param invalidReason    why not, one line; empty when valid
 * @param energyJoules     energy of the total (channels with {@link Channel#inTotal()}, summed over sensors), J
 * @param meanWatts        energy / duration, W
 * @param peakWatts        the highest total power at any sample inside the window, W (for counters: the rate between
 *                         the two counter updates around the sample)
 * @param samples          samples taken inside the window
 * @param effectiveRateHz  samples / duration
 * @param gaps             intervals between consecutive samples inside the window longer than two sampling periods
 *                         (one or more missed deadlines)
 * @param maxIntervalNanos the longest interval between consecutive samples inside the window
 * @param sensorUpdates    how many hardware updates the slowest sensor made in the window (duration / its update
 *                         interval, or the sampling period when that is longer); below {@link #MIN_UPDATES} the
 *                         window is {@linkplain #isShort() short}
 * @param estimate         whether the total includes an estimate ({@code cpu-estimate}) rather than a measurement
 * @param channels         per reader and channel
 */
public record WindowStats(long startNanos, long endNanos, boolean valid, String invalidReason, double energyJoules,
                          double meanWatts, double peakWatts, int samples, double effectiveRateHz, int gaps,
                          long maxIntervalNanos, double sensorUpdates, boolean estimate,
                          List<ChannelStats> channels) {

    /** Windows shorter than about this many sensor updates are flagged: their energy is mostly quantisation. */
    public static final int MIN_UPDATES = 10;

    public WindowStats {
        channels = List.copyOf(channels);
    }

    /** Window length in seconds. */
    public double durationSeconds() {
        return (endNanos - startNanos) / 1e9;
    }

    /** Whether the window spans fewer than {@link #MIN_UPDATES} updates of the slowest sensor. */
    public boolean isShort() {
        return sensorUpdates < MIN_UPDATES;
    }

    /** Energy above an idle baseline of {@code idleWatts}: E - P_idle x duration, J. */
    public double energyAboveIdleJoules(double idleWatts) {
        return energyJoules - idleWatts * durationSeconds();
    }

    /**
     * One channel's share.
     *
     * @param reader       reader id
     * @param channel      channel name
     * @param inTotal      whether it is part of the total
     * @param energyJoules energy in the window, J
     * @param meanWatts    mean power in the window, W
     * @param peakWatts    highest power at a sample in the window, W
     */
    public record ChannelStats(String reader, String channel, boolean inTotal, double energyJoules, double meanWatts,
                               double peakWatts) {
        /** {@code reader/channel}, as metric labels write it. */
        public String key() {
            return reader + "/" + channel;
        }
    }
}
