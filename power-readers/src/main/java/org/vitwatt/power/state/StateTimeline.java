package org.vitwatt.power.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.vitwatt.power.internal.Stamps;

/**
 * Device state samples of one run and what they say about a window: a sample's values hold until the next sample
 * (clocks and temperatures are read every {@code 100 ms}, and change by steps), so a window is described by the sample
 * in force at its start and those inside it. Throttling, per sample:
 * <ul>
 *   <li>a {@link StateChannel.Kind#REASONS} mask with a throttling bit set ({@link ThrottleReasons});</li>
 *   <li>a watched {@link StateChannel.Kind#CLOCK} below its reference by more than 1 %: the floor it was locked to
 *       (its {@code .floor} channel) when the run asked for that clock, else the clock at the run's first sample.</li>
 * </ul>
 * Not thread-safe: the sampler guards it.
 */
public final class StateTimeline {
    /** A clock this much below its reference is a drop; less is rounding between kHz, Hz and MHz. */
    static final double DROP = 0.01;

    private final StateChannel[] channels;
    private final int[] floorOf;
    private final double[] start;
    private long[] t = new long[256];
    private double[][] v;
    private int n;

    /**
     * @param channels the channels, in the order of the arrays {@link #append} takes
     * @param asked    which clocks the run asked for (their floor is then their reference)
     */
    public StateTimeline(List<StateChannel> channels, Predicate<String> asked) {
        this.channels = channels.toArray(StateChannel[]::new);
        floorOf = new int[this.channels.length];
        Arrays.fill(floorOf, -1);
        for (int c = 0; c < this.channels.length; c++) {
            StateChannel ch = this.channels[c];
            if (ch.kind() == StateChannel.Kind.CLOCK && ch.watch() && asked.test(ch.name())) {
                for (int f = 0; f < this.channels.length; f++) {
                    if (this.channels[f].kind() == StateChannel.Kind.FLOOR
                            && this.channels[f].name().equals(ch.name() + ".floor")) {
                        floorOf[c] = f;
                    }
                }
            }
        }
        start = new double[this.channels.length];
        Arrays.fill(start, Double.NaN);
        v = new double[this.channels.length][t.length];
    }

    public List<StateChannel> channels() {
        return List.of(channels);
    }

    /** Samples held. */
    public int size() {
        return n;
    }

    /** Appends the values read at {@code ts} (NaN = unreadable); a stamp not after the last one is dropped. */
    public void append(long ts, double[] values) {
        if (n > 0 && ts <= t[n - 1]) {
            return;
        }
        if (n == t.length) {
            t = Arrays.copyOf(t, n * 2);
            for (int c = 0; c < channels.length; c++) {
                v[c] = Arrays.copyOf(v[c], n * 2);
            }
        }
        t[n] = ts;
        for (int c = 0; c < channels.length; c++) {
            v[c][n] = values[c];
            if (Double.isNaN(start[c]) && !Double.isNaN(values[c])) {
                start[c] = values[c];
            }
        }
        n++;
    }

    /** Drops samples before {@code ts} except the one in force at {@code ts}. */
    public void discardBefore(long ts) {
        int k = lastAtOrBefore(ts);
        if (k <= 0) {
            return;
        }
        System.arraycopy(t, k, t, 0, n - k);
        for (int c = 0; c < channels.length; c++) {
            System.arraycopy(v[c], k, v[c], 0, n - k);
        }
        n -= k;
    }

    /** The state over {@code [t0, t1]}; {@link StateWindow#EMPTY} when no sample describes it. */
    public StateWindow window(long t0, long t1) {
        int first = Math.max(0, lastAtOrBefore(t0));
        int last = lastAtOrBefore(t1);
        if (n == 0 || last < 0 || t1 <= t0) {
            return StateWindow.EMPTY;
        }
        double[] min = new double[channels.length];
        double[] max = new double[channels.length];
        Arrays.fill(min, Double.NaN);
        Arrays.fill(max, Double.NaN);
        Map<String, Double> reasons = new LinkedHashMap<>();
        double throttled = 0;
        String firstThrottle = "";
        for (int i = first; i <= last; i++) {
            long from = Math.max(t0, t[i]);
            long to = i + 1 <= last ? Math.min(t1, t[i + 1]) : t1;
            double share = to > from ? (double) (to - from) / (t1 - t0) : 0;
            List<String> now = new ArrayList<>();
            String describe = "";
            for (int c = 0; c < channels.length; c++) {
                double x = v[c][i];
                if (Double.isNaN(x)) {
                    continue;
                }
                min[c] = Double.isNaN(min[c]) ? x : Math.min(min[c], x);
                max[c] = Double.isNaN(max[c]) ? x : Math.max(max[c], x);
                StateChannel ch = channels[c];
                if (ch.kind() == StateChannel.Kind.REASONS) {
                    for (String r : ThrottleReasons.of((long) x)) {
                        now.add(ch.name() + ":" + r);
                        describe = describe.isEmpty() ? ch.name() + " " + r : describe;
                    }
                } else if (ch.kind() == StateChannel.Kind.CLOCK && ch.watch()) {
                    boolean byFloor = floorOf[c] >= 0 && !Double.isNaN(v[floorOf[c]][i]);
                    double ref = byFloor ? v[floorOf[c]][i] : start[c];
                    if (!Double.isNaN(ref) && x < ref * (1 - DROP)) {
                        now.add(ch.name() + ":clock_drop");
                        if (describe.isEmpty()) {
                            describe = String.format(Locale.ROOT, "%s clock %s MHz < %s MHz, %s", ch.name(), mhz(x),
                                    mhz(ref), byFloor ? "the clock the run asked for" : "its clock at the run's start");
                        }
                    }
                }
            }
            if (!now.isEmpty()) {
                throttled += share;
                if (firstThrottle.isEmpty()) {
                    firstThrottle = describe;
                }
                for (String r : now) {
                    reasons.merge(r, share, Double::sum);
                }
            }
        }
        List<StateWindow.Range> ranges = new ArrayList<>();
        for (int c = 0; c < channels.length; c++) {
            if (!Double.isNaN(min[c])) {
                ranges.add(new StateWindow.Range(channels[c], min[c], max[c]));
            }
        }
        return new StateWindow(last - first + 1, ranges, throttled, reasons, firstThrottle);
    }

    private static String mhz(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private int lastAtOrBefore(long ts) {
        return Stamps.lastAtOrBefore(t, n, ts);
    }
}
