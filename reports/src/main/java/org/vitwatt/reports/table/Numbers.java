package org.vitwatt.reports.table;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.vitwatt.reports.metrics.Measure;

/**
 * How every output writes a number. For people, {@link #fixed} (a column's number of decimals) and {@link #measure}
 * ({@code 24.87 ± 1.20}, {@code 40.2 [10.1, 99.0]}, {@code (3 runs: 23.10–26.00)}); for machines (CSV, report.json),
 * {@link #compact}: integers as integers, others with 9 significant digits and no trailing zeros. Each has a form that
 * writes ASCII bytes into a buffer, so that a writer of millions of numbers makes no string per number.
 */
public final class Numbers {
    /** The most bytes {@link #fixed(double, int, byte[], int)} and {@link #compact(double, byte[], int)} write. */
    public static final int MAX_BYTES = 40;

    private static final long[] POW10 = new long[18];
    private static final byte[] INFINITY = "∞".getBytes(StandardCharsets.UTF_8);

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private Numbers() {
    }

    /** {@code v} with {@code decimals} digits after the point (half-up), "NaN", "∞" or "-∞". */
    public static String fixed(double v, int decimals) {
        byte[] b = new byte[MAX_BYTES];
        int n = fixed(v, decimals, b, 0);
        return n < 0 ? String.format(Locale.ROOT, "%." + Math.max(0, decimals) + "f", v)
                : new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * Writes {@link #fixed(double, int)} into {@code b} at {@code at}; returns the end, or -1 when the number is too
     * large for this path (the caller then writes {@code String.format}'s text).
     */
    public static int fixed(double v, int decimals, byte[] b, int at) {
        if (Double.isNaN(v)) {
            b[at] = 'N';
            b[at + 1] = 'a';
            b[at + 2] = 'N';
            return at + 3;
        }
        if (Double.isInfinite(v)) {
            if (v < 0) {
                b[at++] = '-';
            }
            System.arraycopy(INFINITY, 0, b, at, INFINITY.length);
            return at + INFINITY.length;
        }
        if (decimals < 0 || decimals >= POW10.length || Math.abs(v) >= 1e15 / POW10[decimals]) {
            return -1;
        }
        long p = POW10[decimals];
        long scaled = Math.round(Math.abs(v) * p);
        if (v < 0 && scaled != 0) {
            b[at++] = '-';
        }
        at = digits(scaled / p, b, at);
        if (decimals > 0) {
            b[at++] = '.';
            long frac = scaled % p;
            for (int i = decimals - 1; i >= 0; i--) {
                b[at + i] = (byte) ('0' + frac % 10);
                frac /= 10;
            }
            at += decimals;
        }
        return at;
    }

    /**
     * A finite number for machine-readable outputs: integers as integers, others with 9 significant digits and no
     * trailing zeros ("24.8712663", "0.00125"); Double.toString outside 1e-3..1e15. Far more digits than any
     * measurement here has, and far faster than Double.toString on Java 17.
     */
    public static String compact(double v) {
        byte[] b = new byte[MAX_BYTES];
        int n = compact(v, b, 0);
        return n < 0 ? Double.toString(v) : new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Writes {@link #compact(double)} into {@code b} at {@code at}; returns the end, or -1 for Double.toString's. */
    public static int compact(double v, byte[] b, int at) {
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e15) {
            return digitsSigned((long) v, b, at);
        }
        if (!(a >= 1e-3 && a < 1e15)) {
            return -1;
        }
        int intDigits = (int) Math.floor(Math.log10(a)) + 1;
        int decimals = Math.max(0, Math.min(POW10.length - 1, 9 - intDigits));
        int end = fixed(v, decimals, b, at);
        if (end < 0) {
            return -1;
        }
        int dot = -1;
        for (int i = at; i < end; i++) {
            if (b[i] == '.') {
                dot = i;
                break;
            }
        }
        if (dot >= 0) {
            while (b[end - 1] == '0') {
                end--;
            }
            if (b[end - 1] == '.') {
                end--;
            }
        }
        return end;
    }

    /** Writes the decimal digits of {@code v} (above {@code Long.MIN_VALUE}); returns the end. */
    public static int integer(long v, byte[] b, int at) {
        return digitsSigned(v, b, at);
    }

    private static int digitsSigned(long v, byte[] b, int at) {
        if (v < 0) {
            b[at++] = '-';
            v = -v;
        }
        return digits(v, b, at);
    }

    /** Writes the decimal digits of {@code v} ≥ 0. */
    private static int digits(long v, byte[] b, int at) {
        int n = 1;
        for (long x = v; x >= 10; x /= 10) {
            n++;
        }
        for (int i = at + n - 1; i >= at; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + n;
    }

    /** "24.87 ± 1.20" (a symmetric 99.9 % interval), "40.2 [10.1, 99.0]" (an asymmetric one), or just the value. */
    public static String interval(Measure m, int decimals) {
        StringBuilder sb = new StringBuilder(fixed(m.value(), decimals));
        if (m.hasCi()) {
            if (symmetric(m)) {
                sb.append(" ± ").append(fixed(m.error(), decimals));
            } else {
                sb.append(" [").append(fixed(m.ciLow(), decimals)).append(", ").append(fixed(m.ciHigh(), decimals))
                        .append(']');
            }
        }
        return sb.toString();
    }

    /** True when the interval is value ± the same half-width on both sides. */
    public static boolean symmetric(Measure m) {
        double up = m.ciHigh() - m.value();
        double down = m.value() - m.ciLow();
        return Double.isFinite(up) && Math.abs(up - down) <= 1e-9 * Math.max(1, Math.abs(m.value()));
    }

    /** "3 runs: 23.10–26.00" when several runs were merged, else "". */
    public static String spread(Measure m, int decimals) {
        return m.runs() > 1 ? m.runs() + " runs: " + fixed(m.min(), decimals) + "–" + fixed(m.max(), decimals) : "";
    }

    /** {@link #interval} plus " (3 runs: 23.10–26.00)" when several runs were merged. */
    public static String measure(Measure m, int decimals) {
        String s = spread(m, decimals);
        return s.isEmpty() ? interval(m, decimals) : interval(m, decimals) + " (" + s + ")";
    }
}
