package org.vitwatt.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures a benchmark's trial setup measures once (model size, accuracy, session build time) handed
 * to {@link VitwattProfiler}, which reports them as JMH secondary metrics of every iteration. JMH offers a
 * benchmark no other way to add a per-trial figure to its results ({@code @AuxCounters} are summed over
 * iterations and forks), and a profiler runs in the benchmark's own forked JVM, so this one
 * JVM-wide holder is the channel; each trial's setup clears it first.
 */
public final class TrialFacts {
    /** A figure with its unit as JMH prints it. */
    public record Fact(double value, String unit) {
    }

    private static final Map<String, Fact> FACTS = new LinkedHashMap<>();

    private TrialFacts() {
    }

    /** Publishes {@code label} = {@code value} [{@code unit}] for the current trial. */
    public static synchronized void put(String label, double value, String unit) {
        if (Double.isFinite(value)) {
            FACTS.put(label, new Fact(value, unit));
        }
    }

    /** A copy of the current trial's figures. */
    public static synchronized Map<String, Fact> snapshot() {
        return new LinkedHashMap<>(FACTS);
    }

    /** Forgets every figure (start of a trial). */
    public static synchronized void clear() {
        FACTS.clear();
    }
}
