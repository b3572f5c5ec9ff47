package org.vitwatt.results;

import java.util.Objects;
import java.util.Optional;

/**
 * One secondary metric a result carries: its label as it appears in JMH's table and JSON, its unit, how JMH
 * aggregates it over iterations, and what it means. A family metric (one per reader and rail, say) has an
 * argument in parentheses: {@code energy.total(ina3221/VDD_IN)}. Parentheses, not brackets: JMH 1.37 writes labels
 * into its JSON unescaped and re-indents the text at {@code [ ] { } ,}, so those characters never appear in a label
 * ({@link #argumentSafe} replaces them).
 *
 * @param label     the label, without an argument for a family
 * @param unit      the unit JMH prints ({@code scoreUnit} in its JSON)
 * @param aggregate how iterations are combined
 * @param meaning   one line for docs and tables
 */
public record Metric(String label, String unit, Aggregate aggregate, String meaning) {
    /** How JMH combines a metric's iterations. */
    public enum Aggregate {
        /** The mean over iterations (with its confidence interval). */
        AVG,
        /** The largest iteration's value. */
        MAX,
        /** The smallest iteration's value. */
        MIN,
        /** The sum over iterations (counts of iterations). */
        SUM
    }

    public Metric {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(aggregate, "aggregate");
        if (label.contains("(")) {
            throw new IllegalArgumentException("a metric label names no argument: " + label);
        }
    }

    /** The label of this family's member for {@code argument}: {@code label(argument)}. */
    public String labelFor(String argument) {
        return label + "(" + argumentSafe(argument) + ")";
    }

    /** True when {@code fullLabel} is this metric or one member of this family. */
    public boolean matches(String fullLabel) {
        return fullLabel.equals(label) || fullLabel.startsWith(label + "(") && fullLabel.endsWith(")");
    }

    /** The argument of a family member's label ({@code VDD_IN} of {@code energy.total(ina3221/VDD_IN)}), if any. */
    public static Optional<String> argumentOf(String fullLabel) {
        int open = fullLabel.indexOf('(');
        return open > 0 && fullLabel.endsWith(")") ? Optional.of(fullLabel.substring(open + 1, fullLabel.length() - 1))
                : Optional.empty();
    }

    /** The label without its argument. */
    public static String baseOf(String fullLabel) {
        int open = fullLabel.indexOf('(');
        return open > 0 && fullLabel.endsWith(")") ? fullLabel.substring(0, open) : fullLabel;
    }

    /**
     * {@code text} with the characters JMH's JSON writer mangles ({@code [ ] { } , ; < > & " \}) and the family's own
     * parentheses replaced by {@code _}.
     */
    public static String argumentSafe(String text) {
        return text.replaceAll("[\\[\\]{},;<>&\"\\\\()]", "_");
    }
}
