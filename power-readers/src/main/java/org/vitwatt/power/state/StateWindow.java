package org.vitwatt.power.state;

import java.util.List;
import java.util.Map;

/**
 * The device state over one window: each channel's lowest and highest value, and how much of the window was spent
 * throttled.
 *
 * @param samples           state samples that described the window (the one in force at its start included)
 * @param ranges            per channel with at least one value, in channel order
 * @param throttledFraction share of the window during which any throttle reason or clock drop held, 0..1
 * @param reasons           per reason ({@code nvml0:sw_thermal_slowdown}, {@code gpu:clock_drop}) its share of the window
 * @param firstThrottle     what the first throttle seen was, one phrase ({@code gpu 612 MHz < 1300 MHz, the clock at
 *                          the start of the run}); empty when none
 */
public record StateWindow(int samples, List<Range> ranges, double throttledFraction, Map<String, Double> reasons,
                          String firstThrottle) {
    public StateWindow {
        ranges = List.copyOf(ranges);
        reasons = Map.copyOf(reasons);
    }

    /** No state sample describes the window. */
    public static final StateWindow EMPTY = new StateWindow(0, List.of(), 0, Map.of(), "");

    /**
     * One channel's range.
     *
     * @param channel the channel
     * @param min     its lowest value in the window
     * @param max     its highest value
     */
    public record Range(StateChannel channel, double min, double max) {
    }
}
