package org.vitwatt.reports.table;

import org.vitwatt.reports.metrics.Measure;

/** One cell of a report table: a value of its column's type, "n/a" with the reason, or empty. */
public sealed interface Cell permits Cell.Text, Cell.Int, Cell.Num, Cell.Meas, Cell.Na, Cell.Empty {
    /** A string. */
    record Text(String text) implements Cell {
    }

    /** An integer. */
    record Int(long value) implements Cell {
    }

    /** A number. */
    record Num(double value) implements Cell {
    }

    /**
     * A measured number; {@code note} is a short qualifier shown with it ("proxy" for an agreement measured with
     * synthetic weights), "" when none.
     */
    record Meas(Measure measure, String note) implements Cell {
    }

    /** Not available, and why. */
    record Na(String reason) implements Cell {
    }

    /** Nothing to say (e.g. a baseline's own "vs baseline" verdict). */
    record Empty() implements Cell {
    }

    Empty EMPTY = new Empty();

    static Cell text(String s) {
        return new Text(s);
    }

    static Cell integer(long v) {
        return new Int(v);
    }

    static Cell num(double v) {
        return Double.isFinite(v) ? new Num(v) : new Na("not a finite number");
    }

    static Cell meas(Measure m) {
        return new Meas(m, "");
    }

    static Cell meas(Measure m, String note) {
        return new Meas(m, note);
    }

    static Cell na(String reason) {
        return new Na(reason);
    }

    /** The number this cell sorts by, NaN for text, n/a and empty. */
    default double sortValue() {
        if (this instanceof Int i) {
            return i.value();
        }
        if (this instanceof Num n) {
            return n.value();
        }
        if (this instanceof Meas m) {
            return m.measure().value();
        }
        return Double.NaN;
    }

    /** The cell as people read it, numbers with {@code decimals} digits. */
    default String display(int decimals) {
        if (this instanceof Text t) {
            return t.text();
        }
        if (this instanceof Int i) {
            return Long.toString(i.value());
        }
        if (this instanceof Num n) {
            return Numbers.fixed(n.value(), decimals);
        }
        if (this instanceof Meas m) {
            String s = Numbers.measure(m.measure(), decimals);
            return m.note().isEmpty() ? s : s + " (" + m.note() + ")";
        }
        if (this instanceof Na na) {
            return "n/a: " + na.reason();
        }
        return "";
    }
}
