package org.vitwatt.bench.energy;

import java.util.Optional;

/**
 * The span JMH measures in each iteration, marked by the benchmark itself, so that the energy profiler's window is
 * that span and nothing else. JMH calls a profiler's {@code beforeIteration} before the iteration's setup (and, in the
 * first iteration, before the trial setup: model loading, accuracy) and {@code afterIteration} after its teardown, and
 * it gives a profiler no other hook; but a benchmark's {@code @Setup(Level.Iteration)} ends right before its measured
 * loop starts and its {@code @TearDown(Level.Iteration)} begins right after the loop (and its synchronisation phases)
 * end (JMH 1.37's generated {@code *_jmhTest}: iteration setup, {@code announceWarmupReady}, the measured stub,
 * {@code announceWarmdownReady}, iteration teardown). A benchmark that wants exact energy windows calls
 * {@link #starts()} last in its iteration setup and {@link #ends()} first in its iteration teardown; the ops JMH counts
 * for the iteration ({@code IterationResultMetaData.getAllOps}) are exactly the ops run between the two marks.
 *
 * <p>The marks are one JVM-wide pair of volatile stamps: the profiler and the benchmark share nothing else in the
 * forked JVM, and a fork runs one benchmark at a time.
 */
public final class IterationSpan {
    private static volatile long start;
    private static volatile long end;

    private IterationSpan() {
    }

    /** The measured loop starts now: call it last in {@code @Setup(Level.Iteration)}. */
    public static void starts() {
        end = 0;
        start = System.nanoTime();
    }

    /** The measured loop has ended: call it first in {@code @TearDown(Level.Iteration)}. */
    public static void ends() {
        end = System.nanoTime();
    }

    /**
     * The span marked since {@code after} (the profiler's {@code beforeIteration}), or empty when the benchmark did not
     * mark this iteration.
     */
    static Optional<long[]> since(long after) {
        long s = start;
        long e = end;
        if (s >= after && e > s) {
            return Optional.of(new long[] {s, e});
        }
        return Optional.empty();
    }
}
