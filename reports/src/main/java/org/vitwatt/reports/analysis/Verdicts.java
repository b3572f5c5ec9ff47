package org.vitwatt.reports.analysis;

import java.util.Locale;
import org.vitwatt.reports.metrics.Measure;

/** The words of a comparison between two measures, as the tables print them (metrics.md, Statistics). */
public final class Verdicts {
    private Verdicts() {
    }

    /** The words for a comparison of "this" with another measure: {@code ifHigher} when this one is higher. */
    public static String text(Measure.Verdict v, String ifHigher, String ifLower) {
        return switch (v) {
            case HIGHER -> ifHigher;
            case LOWER -> ifLower;
            case OVERLAP -> "no claim: CIs overlap";
            case BELOW_THRESHOLD -> "no claim: below threshold";
            case NO_CI -> "no claim: no CI";
        };
    }

    /** "5.0 %" of a fraction. */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** "" or " and the change exceeds 5.0 %": the threshold part of a claim's rule. */
    public static String thresholdClause(double threshold) {
        return threshold > 0 ? " and the change exceeds " + percent(threshold) : "";
    }
}
