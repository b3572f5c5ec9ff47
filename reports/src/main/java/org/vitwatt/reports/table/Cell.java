package org.vitwatt.reports.table;

import java.util.Locale;
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

    /** A measured number. */
    record Meas(Measure measure) implements Cell {
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
        return new Meas(m);
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
            return Format.fixed(n.value(), decimals);
        }
        if (this instanceof Meas m) {
            return Format.measure(m.measure(), decimals);
        }
        if (this instanceof Na na) {
            return "n/a: " + na.reason();
        }
        return "";
    }

    /** Number formatting shared by every renderer. */
    final class Format {
        private Format() {
        }

        private static final long[] POW10 = new long[18];

        static {
            POW10[0] = 1;
            for (int i = 1; i < POW10.length; i++) {
                POW10[i] = POW10[i - 1] * 10;
            }
        }

        /** {@code v} with {@code decimals} digits after the point (half-up), without String.format's cost. */
        public static String fixed(double v, int decimals) {
            if (Double.isNaN(v)) {
                return "NaN";
            }
            if (Double.isInfinite(v)) {
                return v > 0 ? "∞" : "-∞";
            }
            if (decimals < 0 || decimals >= POW10.length || Math.abs(v) >= 1e15 / POW10[decimals]) {
                return String.format(Locale.ROOT, "%." + Math.max(0, decimals) + "f", v);
            }
            long p = POW10[decimals];
            long scaled = Math.round(Math.abs(v) * p);
            StringBuilder sb = new StringBuilder(24);
            if (v < 0 && scaled != 0) {
                sb.append('-');
            }
            sb.append(scaled / p);
            if (decimals > 0) {
                String frac = Long.toString(scaled % p);
                sb.append('.');
                for (int i = frac.length(); i < decimals; i++) {
                    sb.append('0');
                }
                sb.append(frac);
            }
            return sb.toString();
        }

        /**
         * A finite number for machine-readable outputs (CSV, report.json): integers as integers, others with 9
         * significant digits and no trailing zeros ("24.8712663", "0.00125"); Double.toString outside 1e-3..1e15.
         * Far faster than Double.toString on Java 17 and far more digits than any measurement here has.
         */
        public static String compact(double v) {
            double a = Math.abs(v);
            if (v == Math.rint(v) && a < 1e15) {
                return Long.toString((long) v);
            }
            if (!(a >= 1e-3 && a < 1e15)) {
                return Double.toString(v);
            }
            int intDigits = (int) Math.floor(Math.log10(a)) + 1;
            int decimals = Math.max(0, Math.min(POW10.length - 1, 9 - intDigits));
            String s = fixed(v, decimals);
            if (s.indexOf('.') >= 0) {
                int end = s.length();
                while (s.charAt(end - 1) == '0') {
                    end--;
                }
                if (s.charAt(end - 1) == '.') {
                    end--;
                }
                s = s.substring(0, end);
            }
            return s;
        }

        /**
         * "24.87 ± 1.20" (a symmetric 99.9 % interval), "40.2 [10.1, 99.0]" (an asymmetric one), plus
         * " (3 runs: 23.10–26.00)" when several runs were merged.
         */
        public static String measure(Measure m, int decimals) {
            StringBuilder sb = new StringBuilder(fixed(m.value(), decimals));
            if (m.hasCi()) {
                double up = m.ciHigh() - m.value();
                double down = m.value() - m.ciLow();
                if (Double.isFinite(up) && Math.abs(up - down) <= 1e-9 * Math.max(1, Math.abs(m.value()))) {
                    sb.append(" ± ").append(fixed(m.error(), decimals));
                } else {
                    sb.append(" [").append(fixed(m.ciLow(), decimals)).append(", ").append(fixed(m.ciHigh(), decimals))
                            .append(']');
                }
            }
            if (m.runs() > 1) {
                sb.append(" (").append(m.runs()).append(" runs: ").append(fixed(m.min(), decimals)).append('–')
                        .append(fixed(m.max(), decimals)).append(')');
            }
            return sb.toString();
        }
    }
}
