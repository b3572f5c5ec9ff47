package org.vitwatt.core.trial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vitwatt.results.Metric;

/**
 * The figures a trial measured once, outside its timed iterations (model size, session build time, accuracy,
 * agreement), each under its label from the results vocabulary. Immutable; built by {@link Builder}, which drops a
 * value that is not finite: a figure that could not be measured is absent, never NaN.
 *
 * @param facts the figures in the order they were measured
 */
public record Facts(List<Fact> facts) {
    /**
     * One figure.
     *
     * @param metric the metric (or family) it is
     * @param label  its full label (a family member's carries its argument)
     * @param value  the value, in {@code metric.unit()}
     */
    public record Fact(Metric metric, String label, double value) {
    }

    public Facts {
        facts = List.copyOf(facts);
    }

    /** The value under {@code label}, or NaN when absent. */
    public double value(String label) {
        return facts.stream().filter(f -> f.label().equals(label)).mapToDouble(Fact::value).findFirst()
                .orElse(Double.NaN);
    }

    /** The figures by label. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        facts.forEach(f -> m.put(f.label(), f.value()));
        return m;
    }

    /** Collects figures in measurement order; a later figure under the same label replaces the earlier one. */
    public static final class Builder {
        private final Map<String, Fact> facts = new LinkedHashMap<>();

        /** Records {@code metric} = {@code value}; a non-finite value is dropped. */
        public Builder put(Metric metric, double value) {
            return record(metric, metric.label(), value);
        }

        /** Records the member {@code argument} of family {@code family} = {@code value}. */
        public Builder put(Metric family, String argument, double value) {
            return record(family, family.labelFor(argument), value);
        }

        private Builder record(Metric metric, String label, double value) {
            if (Double.isFinite(value)) {
                facts.put(label, new Fact(metric, label, value));
            }
            return this;
        }

        public Facts build() {
            return new Facts(new ArrayList<>(facts.values()));
        }
    }
}
