package org.vitwatt.bench;

import java.util.List;
import org.openjdk.jmh.results.AggregationPolicy;
import org.vitwatt.core.trial.Facts;
import org.vitwatt.results.Metric;

/**
 * vitwatt's figures as JMH secondary results ({@link MeasuredResult}: an iteration without a figure contributes
 * nothing, never a 0): the label, unit and aggregation the results vocabulary gives each.
 */
public final class JmhResults {
    private JmhResults() {
    }

    /** One result per fact. */
    public static List<MeasuredResult> of(Facts facts) {
        return facts.facts().stream().map(f -> new MeasuredResult(f.label(), f.value(), f.metric().unit(),
                policy(f.metric().aggregate()))).toList();
    }

    /** {@code metric} = {@code value}. */
    public static MeasuredResult of(Metric metric, double value) {
        return new MeasuredResult(metric.label(), value, metric.unit(), policy(metric.aggregate()));
    }

    /** {@code metric} = {@code value}, with a note the journal keeps (why the value is what it is). */
    public static MeasuredResult of(Metric metric, double value, String note) {
        return new MeasuredResult(metric.label(), value, metric.unit(), policy(metric.aggregate()), note);
    }

    /** The member {@code argument} of family {@code family} = {@code value}. */
    public static MeasuredResult of(Metric family, String argument, double value) {
        return new MeasuredResult(family.labelFor(argument), value, family.unit(), policy(family.aggregate()));
    }

    static AggregationPolicy policy(Metric.Aggregate a) {
        return switch (a) {
            case AVG -> AggregationPolicy.AVG;
            case MAX -> AggregationPolicy.MAX;
            case MIN -> AggregationPolicy.MIN;
            case SUM -> AggregationPolicy.SUM;
        };
    }
}
