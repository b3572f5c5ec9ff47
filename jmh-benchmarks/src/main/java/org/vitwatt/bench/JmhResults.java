package org.vitwatt.bench;

import java.util.List;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.ScalarResult;
import org.vitwatt.core.trial.Facts;
import org.vitwatt.results.Metric;

/** vitwatt's figures as JMH secondary results: the label, unit and aggregation the results vocabulary gives each. */
public final class JmhResults {
    private JmhResults() {
    }

    /** One result per fact. */
    public static List<ScalarResult> of(Facts facts) {
        return facts.facts().stream().map(f -> new ScalarResult(f.label(), f.value(), f.metric().unit(),
                policy(f.metric().aggregate()))).toList();
    }

    /** {@code metric} = {@code value}. */
    public static ScalarResult of(Metric metric, double value) {
        return new ScalarResult(metric.label(), value, metric.unit(), policy(metric.aggregate()));
    }

    /** The member {@code argument} of family {@code family} = {@code value}. */
    public static ScalarResult of(Metric family, String argument, double value) {
        return new ScalarResult(family.labelFor(argument), value, family.unit(), policy(family.aggregate()));
    }

    static AggregationPolicy policy(Metric.Aggregate a) {
        return switch (a) {
            case AVG -> AggregationPolicy.AVG;
            case MAX -> AggregationPolicy.MAX;
            case MIN -> AggregationPolicy.MIN;
        };
    }
}
