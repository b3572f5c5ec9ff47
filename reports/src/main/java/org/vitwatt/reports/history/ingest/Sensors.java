package org.vitwatt.reports.history.ingest;

import java.util.Set;
import java.util.TreeSet;
import org.vitwatt.results.Metric;
import org.vitwatt.results.Metrics;

/** Which energy readers a result's energy came from, as the {@code results.sensor} column records it. */
public final class Sensors {
    private Sensors() {
    }

    /**
     * The reader ids of a result's per-rail labels ({@code energy.total(nvml/gpu0)} → nvml), {@code cpu-estimate}
     * when {@code energy.estimate} is present, {@code unknown} for energy without per-rail labels, {@code none}
     * without energy or power metrics.
     */
    public static String of(Set<String> labels) {
        Set<String> readers = new TreeSet<>();
        boolean energy = false;
        for (String l : labels) {
            if (!l.startsWith("energy.") && !l.startsWith("power.")) {
                continue;
            }
            energy = true;
            Metric.argumentOf(l).ifPresent(arg -> {
                int slash = arg.indexOf('/');
                if (slash > 0) {
                    readers.add(arg.substring(0, slash));
                }
            });
            if (l.equals(Metrics.ENERGY_ESTIMATE.label())) {
                readers.add("cpu-estimate");
            }
        }
        if (!energy) {
            return "none";
        }
        return readers.isEmpty() ? "unknown" : String.join(",", readers);
    }
}
