package org.vitwatt.bench.energy;

import java.util.OptionalDouble;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.IterationResult;

/**
 * How long JMH's measured loop ran in an iteration, from its own primary result: per operation times the operations
 * for average and sample time and single shots, operations over the rate for throughput (JMH 1.37: the score is the
 * stub's {@code stopTime - startTime} over {@code measuredOps}, in the benchmark's time unit). The marked span
 * ({@link IterationSpan}) contains this time and the few microseconds of JMH bookkeeping around it — or a
 * millisecond-long GC pause that happened to fall there — so energy per operation is the span's mean power times this
 * time, per operation.
 */
final class MeasuredTime {
    private MeasuredTime() {
    }

    /** The measured time in seconds, or empty when the result does not say. */
    static OptionalDouble seconds(IterationResult result, BenchmarkParams params) {
        if (result.getPrimaryResult() == null || result.getMetadata() == null) {
            return OptionalDouble.empty();
        }
        double score = result.getPrimaryResult().getScore();
        long ops = result.getMetadata().getMeasuredOps();
        double unit = params.getTimeUnit().toNanos(1) / 1e9;
        if (!(score > 0) || ops <= 0) {
            return OptionalDouble.empty();
        }
        double s = switch (params.getMode()) {
            case Throughput -> ops / score * unit;
            case AverageTime, SampleTime, SingleShotTime -> score * ops * unit;
            default -> Double.NaN;
        };
        return Double.isFinite(s) && s > 0 ? OptionalDouble.of(s) : OptionalDouble.empty();
    }
}
