package org.vitwatt.bench;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.Aggregator;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ResultRole;
import org.openjdk.jmh.util.ListStatistics;
import org.openjdk.jmh.util.Statistics;

/**
 * A vitwatt secondary result: a scalar whose absence from an iteration means "not measured there", never 0.
 *
 * <p>JMH 1.37 pads a label that some iterations lack with {@code Result.getZeroResult()} before aggregating
 * ({@code BenchmarkResult.getSecondaryResults}: "Create "0" entries in case certain labels did not appear in some of the
 * iterations"), and {@code ScalarResult} answers a 0: an iteration whose energy was invalid entered the mean as 0 W
 * (1,558.5, 0, 0 mJ/op averaged to 519.5). This type answers {@code null}, which JMH reads as "no sensible empty
 * result", so a figure is aggregated over the iterations that measured it only, and a label no iteration has is absent.
 * {@code RunResult} merges forks by re-aggregating their iterations, so the same holds across forks.
 *
 * <p>A result may carry a note (why an iteration's energy was invalid) that the journal's iteration record keeps;
 * notes of aggregated results are joined, distinct, in order.
 */
public final class MeasuredResult extends Result<MeasuredResult> {
    private static final long serialVersionUID = 1L;

    private final String note;

    public MeasuredResult(String label, double value, String unit, AggregationPolicy policy) {
        this(label, value, unit, policy, "");
    }

    public MeasuredResult(String label, double value, String unit, AggregationPolicy policy, String note) {
        this(label, of(value), unit, policy, note);
    }

    private MeasuredResult(String label, Statistics s, String unit, AggregationPolicy policy, String note) {
        super(ResultRole.SECONDARY, label, s, unit, policy);
        this.note = note == null ? "" : note;
    }

    /** Why the figure is what it is (an invalid iteration's reason); empty when there is nothing to say. */
    public String note() {
        return note;
    }

    @Override
    protected Aggregator<MeasuredResult> getThreadAggregator() {
        return MeasuredResult::aggregate;
    }

    @Override
    protected Aggregator<MeasuredResult> getIterationAggregator() {
        return MeasuredResult::aggregate;
    }

    /** No empty result: JMH aggregates only the iterations that reported this label. */
    @Override
    protected MeasuredResult getZeroResult() {
        return null;
    }

    private static MeasuredResult aggregate(Collection<MeasuredResult> results) {
        ListStatistics stats = new ListStatistics();
        Set<String> notes = new LinkedHashSet<>();
        MeasuredResult first = null;
        for (MeasuredResult r : results) {
            if (first == null) {
                first = r;
            } else if (!first.getLabel().equals(r.getLabel()) || !first.getScoreUnit().equals(r.getScoreUnit())
                    || first.policy != r.policy) {
                throw new IllegalStateException("combining " + first.getLabel() + " with " + r.getLabel());
            }
            stats.addValue(r.getScore());
            if (!r.note.isEmpty()) {
                notes.add(r.note);
            }
        }
        if (first == null) {
            throw new IllegalStateException("nothing to aggregate");
        }
        return new MeasuredResult(first.getLabel(), stats, first.getScoreUnit(), first.policy,
                String.join("; ", notes));
    }
}
