package org.vitwatt.reports.analysis;

import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.reports.table.Cell;

/**
 * A figure that is either known ({@link #measure()}) or "n/a" with the reason the cell prints.
 *
 * @param measure the value, null when n/a
 * @param reason  why it is n/a, "" when known
 * @param note    a short qualifier of a known value ("proxy"), "" when none
 */
public record Val(Measure measure, String reason, String note) {
    public static Val of(Measure m) {
        return new Val(m, "", "");
    }

    /** A known value with a qualifier shown beside it. */
    public static Val of(Measure m, String note) {
        return new Val(m, "", note);
    }

    public static Val na(String reason) {
        return new Val(null, reason, "");
    }

    public boolean ok() {
        return measure != null;
    }

    public double value() {
        return measure == null ? Double.NaN : measure.value();
    }

    /** A measure cell, or n/a with the reason. */
    public Cell cell() {
        return ok() ? Cell.meas(measure, note) : Cell.na(reason);
    }

    /** A plain number cell (the mean), or n/a with the reason. */
    public Cell numCell() {
        return ok() ? Cell.num(measure.value()) : Cell.na(reason);
    }
}
