package org.vitwatt.bench.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.vitwatt.bench.JmhResults;
import org.vitwatt.power.state.StateChannel;
import org.vitwatt.power.state.StateWindow;
import org.vitwatt.results.Metrics;

/**
 * One iteration's device state as JMH secondary results, aggregated so that a dip is not averaged away: each clock's
 * lowest ({@code device.clockMHz.min(NAME)}, JMH keeps the lowest over iterations) and highest
 * ({@code device.clockMHz.max(NAME)}), each temperature's highest ({@code device.tempC.max(NAME)}), the share of the
 * iteration spent throttled ({@code device.throttled}, the worst iteration) and per reason
 * ({@code device.throttled(REASON)}).
 */
final class DeviceFigures {
    private DeviceFigures() {
    }

    static List<Result> of(StateWindow w) {
        List<Result> out = new ArrayList<>();
        if (w.samples() == 0) {
            return out;
        }
        for (StateWindow.Range r : w.ranges()) {
            StateChannel c = r.channel();
            switch (c.kind()) {
                case CLOCK -> {
                    out.add(JmhResults.of(Metrics.DEVICE_CLOCK_MIN, c.name(), r.min()));
                    out.add(JmhResults.of(Metrics.DEVICE_CLOCK_MAX, c.name(), r.max()));
                }
                case TEMPERATURE -> out.add(JmhResults.of(Metrics.DEVICE_TEMP_MAX, c.name(), r.max()));
                default -> {
                    // floors and reason masks are inputs of the throttle figures, not figures of their own
                }
            }
        }
        out.add(JmhResults.of(Metrics.DEVICE_THROTTLED, w.throttledFraction()));
        for (Map.Entry<String, Double> e : w.reasons().entrySet()) {
            out.add(JmhResults.of(Metrics.DEVICE_THROTTLED_REASON, e.getKey(), e.getValue()));
        }
        return out;
    }
}
