package org.vitwatt.power;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.vitwatt.power.internal.Stamps;

/**
 * The samples of one run and the arithmetic over them: cumulative energy per track, the energy of any window
 * {@code [t0, t1]} between or on samples, peak power, gaps and coverage. It knows nothing of threads, clocks or sensors:
 * {@link Sampler} records into it from its sampling thread and reads windows from it under one lock, as HdrHistogram's
 * {@code Recorder} records into a {@code Histogram} that is read separately. Tests append samples directly.
 *
 * <ul>
 * <li><b>Power</b> tracks are integrated with the trapezoidal rule; the energy up to a time between two samples is the
 *     exact integral of the straight line joining them, so windows need not fall on samples.</li>
 * <li><b>Counter</b> tracks are differenced with wrap-around ({@code delta = new - old}, and when negative
 *     {@code new + wrap - old}). Counters refresh more slowly than they may be polled (NVML about every 100 ms), so the
 *     energy at a time is interpolated linearly between the samples at which the counter <em>changed</em> (the
 *     de-duplicated timeline Zeus uses); at sample times it is exact.</li>
 * <li>The total is the sum of the tracks marked {@link Track#inTotal()}.</li>
 * </ul>
 * Not thread-safe.
 */
public final class Timeline {
    /**
     * One channel as the timeline integrates it.
     *
     * @param reader          the reader id
     * @param channel         the channel name
     * @param inTotal         whether it is summed into the total
     * @param counter         an energy counter (µJ) rather than a power reading (mW)
     * @param wrapMicroJoules the counter's wrap modulus, 0 when it does not wrap
     */
    public record Track(String reader, String channel, boolean inTotal, boolean counter, long wrapMicroJoules) {
    }

    private final Track[] tracks;
    private final long periodNanos;
    private final long slowestUpdateNanos;
    private final boolean estimate;
    private final long[] lastRaw;
    private final double[] lastWatts;
    private final boolean[] anchored;

    private long[] t = new long[4096];
    private double[][] cum;      // µJ since the track's first sample
    private double[][] watts;    // power tracks: W at the sample; counters and absent values: NaN
    private boolean[][] changed; // counters: value changed at this sample (a track's first sample: true)
    private int n;

    /**
     * @param tracks             the channels, in the order of the arrays {@link #append} takes
     * @param periodNanos        the sampling period: an interval longer than two of them is a gap
     * @param slowestUpdateNanos the slowest sensor's update interval, for {@link WindowStats#sensorUpdates()}
     * @param estimate           whether the total includes an estimate rather than a measurement
     */
    public Timeline(List<Track> tracks, long periodNanos, long slowestUpdateNanos, boolean estimate) {
        this.tracks = tracks.toArray(Track[]::new);
        this.periodNanos = periodNanos;
        this.slowestUpdateNanos = slowestUpdateNanos;
        this.estimate = estimate;
        int k = this.tracks.length;
        lastRaw = new long[k];
        lastWatts = new double[k];
        anchored = new boolean[k];
        cum = new double[k][t.length];
        watts = new double[k][t.length];
        changed = new boolean[k][t.length];
    }

    /** The number of tracks. */
    public int tracks() {
        return tracks.length;
    }

    /** Counter track {@code c}'s last value, µJ. */
    public long lastCounter(int c) {
        return lastRaw[c];
    }

    /** Samples held (after {@link #discardBefore}). */
    public int size() {
        return n;
    }

    /** The newest sample's stamp, or {@link Long#MIN_VALUE} when there is none. */
    public long lastStamp() {
        return n == 0 ? Long.MIN_VALUE : t[n - 1];
    }

    /**
     * Whether counter track {@code c} stepping from its last value to {@code raw} is a reset (a driver reload) rather
     * than an advance or a wrap: it went down, and either it has no wrap range or the wrapped step would be more than
     * half the range.
     */
    public boolean isReset(int c, long raw) {
        Track k = tracks[c];
        if (!k.counter() || !anchored[c] || raw >= lastRaw[c]) {
            return false;
        }
        return k.wrapMicroJoules() <= 0 || raw + k.wrapMicroJoules() - lastRaw[c] > k.wrapMicroJoules() / 2;
    }

    /**
     * Appends the sample stamped {@code ts}: track c has a value when {@code live[c]}; power tracks read
     * {@code milliWatts[c]}, counters {@code microJoules[c]}. A stamp not after the newest one is dropped.
     *
     * @return whether the sample was kept
     */
    public boolean append(long ts, boolean[] live, double[] milliWatts, long[] microJoules) {
        if (n > 0 && ts <= t[n - 1]) {
            return false;
        }
        ensureCapacity(n + 1);
        t[n] = ts;
        for (int c = 0; c < tracks.length; c++) {
            if (!live[c]) {
                cum[c][n] = Double.NaN;
                watts[c][n] = Double.NaN;
                changed[c][n] = false;
                anchored[c] = false;
                continue;
            }
            boolean first = n == 0 || !anchored[c];
            if (tracks[c].counter()) {
                long raw = microJoules[c];
                watts[c][n] = Double.NaN;
                if (first) {
                    cum[c][n] = 0;
                    changed[c][n] = true;
                } else {
                    long d = raw - lastRaw[c];
                    if (d < 0 && tracks[c].wrapMicroJoules() > 0) {
                        d += tracks[c].wrapMicroJoules();
                    }
                    cum[c][n] = cum[c][n - 1] + d;
                    changed[c][n] = d != 0;
                }
                lastRaw[c] = raw;
            } else {
                double w = milliWatts[c] / 1000.0;
                watts[c][n] = w;
                changed[c][n] = true;
                cum[c][n] = first ? 0 : cum[c][n - 1] + (lastWatts[c] + w) / 2 * ((ts - t[n - 1]) / 1e9) * 1e6;
                lastWatts[c] = w;
            }
            anchored[c] = true;
        }
        n++;
        return true;
    }

    private void ensureCapacity(int need) {
        if (need <= t.length) {
            return;
        }
        int cap = Math.max(need, t.length * 2);
        t = Arrays.copyOf(t, cap);
        for (int c = 0; c < tracks.length; c++) {
            cum[c] = Arrays.copyOf(cum[c], cap);
            watts[c] = Arrays.copyOf(watts[c], cap);
            changed[c] = Arrays.copyOf(changed[c], cap);
        }
    }

    /**
     * Whether samples cover time {@code ts}: a sample at or after it, and for each counter that is still live a change
     * of its value at or after it (so that the energy up to {@code ts} is interpolated, not clamped).
     */
    public boolean covers(long ts) {
        if (n == 0 || t[n - 1] < ts) {
            return false;
        }
        for (int c = 0; c < tracks.length; c++) {
            if (tracks[c].counter() && anchored[c]) {
                boolean found = false;
                for (int i = n - 1; i >= 0 && t[i] >= ts; i--) {
                    if (changed[c][i]) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Drops samples no window starting at or after {@code ts} needs (keeping, per counter, the last change before it),
     * to bound memory on long runs.
     */
    public void discardBefore(long ts) {
        int k = lastIndexAtOrBefore(ts);
        if (k <= 0) {
            return;
        }
        for (int c = 0; c < tracks.length; c++) {
            if (tracks[c].counter()) {
                int j = k;
                while (j > 0 && !changed[c][j]) {
                    j--;
                }
                k = Math.min(k, j);
            }
        }
        if (k <= 0) {
            return;
        }
        int keep = n - k;
        System.arraycopy(t, k, t, 0, keep);
        for (int c = 0; c < tracks.length; c++) {
            System.arraycopy(cum[c], k, cum[c], 0, keep);
            System.arraycopy(watts[c], k, watts[c], 0, keep);
            System.arraycopy(changed[c], k, changed[c], 0, keep);
            changed[c][0] = true; // the first kept sample anchors the counter timeline
        }
        n = keep;
    }

    /**
     * Measures the window {@code [t0, t1]}. It is invalid when samples do not cover it, or else with {@code fault} when
     * that is not null (a sensor failed before it ended); an invalid window carries its sample counts but no energy.
     */
    public WindowStats window(long t0, long t1, String fault) {
        if (t1 <= t0) {
            throw new IllegalArgumentException("window end " + t1 + " is not after its start " + t0);
        }
        String why = null;
        if (tracks.length == 0) {
            why = "no power sensor";
        } else if (n < 2) {
            why = "fewer than two samples taken (is the sampler running?)";
        } else if (t0 < t[0]) {
            why = "the window starts " + ms(t[0] - t0) + " before the first retained sample";
        } else if (t1 > t[n - 1]) {
            why = "no sample yet at or after the window end (the last is " + ms(t1 - t[n - 1]) + " before it)";
        } else {
            why = fault;
        }
        int first = lastIndexAtOrBefore(t0 - 1) + 1;
        int last = lastIndexAtOrBefore(t1);
        int samples = Math.max(0, last - first + 1);
        int gaps = 0;
        long maxInterval = 0;
        for (int i = first + 1; i <= last; i++) {
            long d = t[i] - t[i - 1];
            maxInterval = Math.max(maxInterval, d);
            if (d > 2 * periodNanos) {
                gaps++;
            }
        }
        double dur = (t1 - t0) / 1e9;
        double updates = dur * 1e9 / Math.max(slowestUpdateNanos, periodNanos);
        if (why != null) {
            return new WindowStats(t0, t1, false, why, Double.NaN, Double.NaN, Double.NaN, samples, samples / dur,
                    gaps, maxInterval, updates, estimate, List.of());
        }
        List<WindowStats.ChannelStats> per = new ArrayList<>();
        double total = 0;
        double[] peakTotal = new double[samples];
        for (int c = 0; c < tracks.length; c++) {
            Track k = tracks[c];
            double e = (cumAt(c, t1) - cumAt(c, t0)) / 1e6;
            double peak = Double.NaN;
            if (k.counter()) {
                // rate between the counter updates that bracket each sample (the de-duplicated timeline)
                int b = nextChange(c, Math.max(first, 1));
                int a = prevChange(c, b - 1);
                for (int i = first; i <= last; i++) {
                    if (i > b) {
                        b = nextChange(c, i);
                        a = prevChange(c, b - 1);
                    }
                    double p = rate(c, a, b);
                    peak = Double.isNaN(peak) ? p : Math.max(peak, p);
                    if (k.inTotal() && !Double.isNaN(p)) {
                        peakTotal[i - first] += p;
                    }
                }
            } else {
                for (int i = first; i <= last; i++) {
                    double p = watts[c][i];
                    peak = Double.isNaN(peak) ? p : Math.max(peak, p);
                    if (k.inTotal()) {
                        peakTotal[i - first] += p;
                    }
                }
            }
            if (Double.isNaN(peak)) {
                peak = e / dur; // no sample inside the window: the mean is the best peak there is
            }
            if (k.inTotal()) {
                total += e;
            }
            per.add(new WindowStats.ChannelStats(k.reader(), k.channel(), k.inTotal(), e, e / dur, peak));
        }
        double peak = total / dur;
        for (double p : peakTotal) {
            peak = Math.max(peak, p);
        }
        return new WindowStats(t0, t1, true, "", total, total / dur, peak, samples, samples / dur, gaps, maxInterval,
                updates, estimate, per);
    }

    /** Index of the last sample with stamp &le; ts, or -1. */
    private int lastIndexAtOrBefore(long ts) {
        return Stamps.lastAtOrBefore(t, n, ts);
    }

    /** The first sample at or after index {@code from} where counter c changed, or {@code n}. */
    private int nextChange(int c, int from) {
        int b = from;
        while (b < n && !changed[c][b]) {
            b++;
        }
        return b;
    }

    /** The last sample at or before index {@code from} where counter c changed (index 0 always anchors). */
    private int prevChange(int c, int from) {
        int a = from;
        while (a > 0 && !changed[c][a]) {
            a--;
        }
        return a;
    }

    /** Energy (µJ since the first sample) of track c at time x, with t[0] &le; x &le; t[n-1]. */
    private double cumAt(int c, long x) {
        int i = lastIndexAtOrBefore(x);
        if (!tracks[c].counter()) {
            if (t[i] == x) {
                return cum[c][i];
            }
            // exact integral of the straight line between samples i and i+1, from t[i] to x
            double tau = (x - t[i]) / 1e9;
            double span = (t[i + 1] - t[i]) / 1e9;
            double p0 = watts[c][i];
            double p1 = watts[c][i + 1];
            return cum[c][i] + (p0 * tau + (p1 - p0) * tau * tau / (2 * span)) * 1e6;
        }
        int a = prevChange(c, i);
        int b = nextChange(c, i + 1);
        if (b >= n) {
            return cum[c][a]; // no update after x yet: the counter has not registered it
        }
        return cum[c][a] + (cum[c][b] - cum[c][a]) * (double) (x - t[a]) / (t[b] - t[a]);
    }

    /** Rate in W between counter updates a &lt; b; past the last update, the last known rate. */
    private double rate(int c, int a, int b) {
        if (b >= n) {
            b = prevChange(c, n - 1);
            a = prevChange(c, Math.max(0, b - 1));
        }
        if (b <= a || t[b] == t[a]) {
            return Double.NaN;
        }
        return (cum[c][b] - cum[c][a]) / 1e6 / ((t[b] - t[a]) / 1e9);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
