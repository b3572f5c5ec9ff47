package org.vitwatt.bench;

import org.vitwatt.core.trial.Facts;

/**
 * The figures the current trial measured once, handed from the benchmark's setup to {@link VitwattProfiler}, which
 * reports them as JMH secondary metrics of every iteration. JMH offers a benchmark no other way to add a per-trial
 * figure to its results ({@code @AuxCounters} are summed over iterations and forks), and a profiler runs in the
 * benchmark's own forked JVM, so this one JVM-wide slot is the channel. Each trial's setup replaces it; trial
 * teardown leaves it, since JMH runs teardown before the profilers' hook for the last iteration.
 */
final class TrialFacts {
    private static volatile Facts current = new Facts.Builder().build();

    private TrialFacts() {
    }

    /** Makes {@code facts} the current trial's figures. */
    static void publish(Facts facts) {
        current = facts;
    }

    /** The current trial's figures (none before the first setup). */
    static Facts current() {
        return current;
    }
}
