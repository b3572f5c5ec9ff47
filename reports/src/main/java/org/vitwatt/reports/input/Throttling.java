package org.vitwatt.reports.input;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.vitwatt.results.Metrics;

/**
 * Whether results were measured while their device throttled, from the energy profiler's {@code device.throttled}
 * (the share of its worst iteration during which a throttle reason or a clock drop was seen) and its per-reason
 * members ({@code device.throttled(gpu:clock_drop)}, {@code device.throttled(nvml0:sw_thermal)}). {@code report} flags
 * such a result and {@code compare} says so beside every latency or energy verdict it touches: a throttled latency or
 * energy is a different operating point, not necessarily a regression.
 *
 * @param share   the worst iteration's throttled share, 0 to 1 (above 0)
 * @param reasons the reasons seen ({@code gpu:clock_drop}, ...), sorted; empty when the result names none
 */
public record Throttling(double share, List<String> reasons) {
    public Throttling {
        reasons = List.copyOf(reasons);
    }

    /** The throttling of one result's metrics, by label; empty when it has no {@code device.throttled} above 0. */
    public static Optional<Throttling> of(Map<String, Metric> metrics) {
        return worst(List.of(metrics));
    }

    /** The worst share over several results' metrics with every reason any of them saw; empty when none throttled. */
    public static Optional<Throttling> worst(Collection<Map<String, Metric>> results) {
        double share = 0;
        TreeSet<String> reasons = new TreeSet<>();
        for (Map<String, Metric> metrics : results) {
            for (Map.Entry<String, Metric> e : metrics.entrySet()) {
                if (!Metrics.DEVICE_THROTTLED.matches(e.getKey()) || !(e.getValue().score() > 0)) {
                    continue;
                }
                String label = e.getKey();
                if (label.equals(Metrics.DEVICE_THROTTLED.label())) {
                    share = Math.max(share, e.getValue().score());
                } else {
                    reasons.add(label.substring(Metrics.DEVICE_THROTTLED.label().length() + 1, label.length() - 1));
                }
            }
        }
        return share > 0 ? Optional.of(new Throttling(share, List.copyOf(reasons))) : Optional.empty();
    }

    /** {@code throttled 48.3 % of an iteration (gpu:clock_drop)}. */
    public String text() {
        return String.format(Locale.ROOT, "throttled %.1f %% of an iteration", 100 * share)
                + (reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + ")");
    }
}
