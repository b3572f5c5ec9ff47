package org.vitwatt.reports.table;

/**
 * A column of a report table.
 *
 * @param key      stable machine name (report.json row keys, CSV headers)
 * @param label    human header
 * @param unit     unit, "" when none (shown in the header and report.json)
 * @param type     how cells of this column are typed
 * @param decimals digits after the point when a number is shown to humans
 */
public record Column(String key, String label, String unit, Type type, int decimals) {
    /** Cell types: every non-"n/a" cell of a column has its column's type. */
    public enum Type {
        /** A string. */
        TEXT,
        /** An integer (rank, count, batch). */
        INTEGER,
        /** A number. */
        NUMBER,
        /** A measured number with its 99.9 % confidence interval and spread across runs. */
        MEASURE
    }

    public static Column text(String key, String label) {
        return new Column(key, label, "", Type.TEXT, 0);
    }

    public static Column integer(String key, String label) {
        return new Column(key, label, "", Type.INTEGER, 0);
    }

    public static Column number(String key, String label, String unit, int decimals) {
        return new Column(key, label, unit, Type.NUMBER, decimals);
    }

    public static Column measure(String key, String label, String unit, int decimals) {
        return new Column(key, label, unit, Type.MEASURE, decimals);
    }

    /** "label (unit)" or just the label. */
    public String header() {
        return unit.isEmpty() ? label : label + " (" + unit + ")";
    }
}
