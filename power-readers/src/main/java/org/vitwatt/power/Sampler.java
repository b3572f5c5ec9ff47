package org.vitwatt.power;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Samples a set of {@link Sensor}s on one dedicated thread at a fixed rate and answers, for any window
 * {@code [t0, t1]} of {@link System#nanoTime} stamps, the energy, mean and peak power and the sampling quality in it.
 *
 * <h2>How energy is computed</h2>
 * <ul>
 * <li>Every sample is stamped once, at the midpoint of the reads of all sensors.</li>
 * <li><b>Power</b> channels are integrated with the trapezoidal rule; the energy up to a time between two samples is
 *     the exact integral of the straight line joining them, so windows need not fall on samples.</li>
 * <li><b>Counter</b> channels are differenced with wrap-around ({@code delta = new - old}, and when negative
 *     {@code new + max - old}, {@link Sensor#wrapMicroJoules}). Counters refresh more slowly than the sampler may poll
 *     (NVML about every 100 ms), so the energy at a time is interpolated linearly between the samples at which the
 *     counter <em>changed</em> (the de-duplicated timeline Zeus uses); at sample times it is exact.</li>
 * <li>The total is the sum of the channels marked {@link Channel#inTotal()} (no nested zone or sub-rail twice).</li>
 * </ul>
 *
 * <h2>Timing</h2>
 * Deadlines are {@code start + k/rateHz}; a tick that comes more than one period late skips the deadlines it missed
 * (no bursts) and counts them ({@link #missedDeadlines()}); windows report their gaps and effective rate.
 *
 * <h2>Faults</h2>
 * A read that throws, or a sensor whose files disappear ({@link Sensor#checkPresent()}, checked every
 * {@value #PRESENCE_CHECK_MILLIS} ms), stops that sensor for the rest of the run; every window that ends after its last
 * good sample is invalid with the reason. A counter that goes backwards without a wrap range (driver reload) is a
 * fault too. Nothing is ever filled in with 0 or NaN as if it were a measurement.
 *
 * <h2>Testing</h2>
 * The constructor that takes a clock lets tests drive {@link #tick()} by hand against scripted sensor values, so that
 * seconds of simulated sampling run in milliseconds and deterministically.
 */
public final class Sampler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Sampler.class.getName());
    static final long PRESENCE_CHECK_MILLIS = 100;

    private final List<Sensor> sensors;
    private final double rateHz;
    private final long periodNanos;
    private final LongSupplier clock;

    // flattened channels
    private final int nch;
    private final int[] sensorOf;
    private final int[] indexInSensor;
    private final String[] readerOf;
    private final String[] nameOf;
    private final boolean[] inTotal;
    private final boolean[] counter;
    private final long[] wrap;
    private final int[] firstChannel; // per sensor

    // scratch, sampler thread only
    private final long[][] rawCounters;
    private final double[][] rawPower;
    private final long[] lastRaw;
    private final double[] lastWatts;
    private long lastPresenceCheck = Long.MIN_VALUE;

    // per sensor fault state (guarded by this)
    private final boolean[] failed;
    private final long[] lastGood;
    private final String[] failReason;
    private final List<String> faults = new ArrayList<>();

    // samples (guarded by this)
    private long[] t = new long[4096];
    private double[][] cum;   // µJ since the first sample, per channel
    private double[][] watts; // power channels: W at the sample; counters: NaN
    private boolean[][] changed; // counters: value changed at this sample (first sample: true)
    private int n;
    private long totalSamples;
    private long missed;

    private volatile boolean running;
    private Thread thread;

    /** A sampler on the real clock ({@link System#nanoTime}). */
    public Sampler(List<Sensor> sensors, double rateHz) {
        this(sensors, rateHz, System::nanoTime);
    }

    /** A sampler on the given clock (nanoseconds); tests drive {@link #tick()} themselves. */
    public Sampler(List<Sensor> sensors, double rateHz, LongSupplier clock) {
        if (!(rateHz > 0) || rateHz > PowerOptions.MAX_RATE_HZ) {
            throw new PowerConfigException("rateHz=" + rateHz + " is out of range (0, " + (long) PowerOptions.MAX_RATE_HZ
                    + "]; e.g. rateHz=1000");
        }
        this.sensors = List.copyOf(sensors);
        this.rateHz = rateHz;
        this.periodNanos = Math.max(1, Math.round(1e9 / rateHz));
        this.clock = clock;
        int total = 0;
        for (Sensor s : this.sensors) {
            total += s.channels().size();
        }
        nch = total;
        sensorOf = new int[nch];
        indexInSensor = new int[nch];
        readerOf = new String[nch];
        nameOf = new String[nch];
        inTotal = new boolean[nch];
        counter = new boolean[nch];
        wrap = new long[nch];
        firstChannel = new int[this.sensors.size()];
        rawCounters = new long[this.sensors.size()][];
        rawPower = new double[this.sensors.size()][];
        int c = 0;
        for (int s = 0; s < this.sensors.size(); s++) {
            Sensor sensor = this.sensors.get(s);
            firstChannel[s] = c;
            boolean isCounter = sensor.kind() == Sensor.Kind.ENERGY_COUNTER;
            int k = sensor.channels().size();
            rawCounters[s] = new long[k];
            rawPower[s] = new double[k];
            for (int j = 0; j < k; j++, c++) {
                Channel ch = sensor.channels().get(j);
                sensorOf[c] = s;
                indexInSensor[c] = j;
                readerOf[c] = sensor.readerId();
                nameOf[c] = ch.name();
                inTotal[c] = ch.inTotal();
                counter[c] = isCounter;
                wrap[c] = isCounter ? sensor.wrapMicroJoules(j) : 0;
            }
        }
        lastRaw = new long[nch];
        lastWatts = new double[nch];
        failed = new boolean[this.sensors.size()];
        lastGood = new long[this.sensors.size()];
        Arrays.fill(lastGood, Long.MIN_VALUE);
        failReason = new String[this.sensors.size()];
        cum = new double[nch][t.length];
        watts = new double[nch][t.length];
        changed = new boolean[nch][t.length];
    }

    public List<Sensor> sensors() {
        return sensors;
    }

    public double rateHz() {
        return rateHz;
    }

    public long periodNanos() {
        return periodNanos;
    }

    /**
     * Starts the sampling thread (a daemon named {@code vitwatt-power-sampler}) and returns once it has taken its first
     * sample (or after a second), so that windows may start right away.
     */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "vitwatt-power-sampler");
        thread.setDaemon(true);
        long before = totalSamples;
        thread.start();
        long deadline = System.nanoTime() + 1_000_000_000L;
        try {
            while (totalSamples == before && System.nanoTime() < deadline) {
                wait(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the sampling thread and waits for it; the samples stay available for {@link #window}. */
    public void stop() {
        Thread th;
        synchronized (this) {
            th = thread;
            running = false;
        }
        if (th != null) {
            LockSupport.unpark(th);
            try {
                th.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops sampling and closes the sensors. */
    @Override
    public void close() {
        stop();
        for (Sensor s : sensors) {
            s.close();
        }
    }

    /** The sampling thread, for measuring its CPU time; {@code null} before {@link #start()}. */
    public synchronized Thread thread() {
        return thread;
    }

    private void loop() {
        long next = clock.getAsLong();
        while (running) {
            tick();
            next += periodNanos;
            long now = clock.getAsLong();
            if (now - next >= periodNanos) {
                long m = (now - next) / periodNanos;
                next += m * periodNanos;
                synchronized (this) {
                    missed += m;
                }
            }
            long rem;
            while (running && (rem = next - clock.getAsLong()) > 0) {
                LockSupport.parkNanos(rem);
            }
        }
    }

    /**
     * Takes one sample of every live sensor, stamped with the clock. Called by the sampling thread; tests call it
     * directly on a scripted clock. A sample whose stamp is not after the previous one is dropped.
     */
    public void tick() {
        long ta = clock.getAsLong();
        int ns = sensors.size();
        String[] errors = null;
        for (int s = 0; s < ns; s++) {
            if (failed[s]) {
                continue;
            }
            Sensor sensor = sensors.get(s);
            try {
                if (sensor.kind() == Sensor.Kind.ENERGY_COUNTER) {
                    sensor.readEnergyMicroJoules(rawCounters[s]);
                } else {
                    sensor.readPowerMilliWatts(rawPower[s]);
                }
            } catch (IOException | RuntimeException e) {
                if (errors == null) {
                    errors = new String[ns];
                }
                errors[s] = oneLine(e);
            }
        }
        long tb = clock.getAsLong();
        long ts = ta + (tb - ta) / 2;
        if (ts - lastPresenceCheck >= PRESENCE_CHECK_MILLIS * 1_000_000L || lastPresenceCheck == Long.MIN_VALUE) {
            lastPresenceCheck = ts;
            for (int s = 0; s < ns; s++) {
                if (failed[s] || errors != null && errors[s] != null) {
                    continue;
                }
                try {
                    sensors.get(s).checkPresent();
                } catch (IOException | RuntimeException e) {
                    if (errors == null) {
                        errors = new String[ns];
                    }
                    errors[s] = oneLine(e);
                }
            }
        }
        append(ts, errors);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.lines().findFirst().orElse(m);
    }

    private synchronized void append(long ts, String[] errors) {
        if (n > 0 && ts <= t[n - 1]) {
            return;
        }
        if (errors != null) {
            for (int s = 0; s < errors.length; s++) {
                if (errors[s] != null) {
                    fail(s, ts, errors[s]);
                }
            }
        }
        // counters that went backwards without a wrap range: the counter was reset, the sensor cannot be trusted
        for (int c = 0; c < nch; c++) {
            int s = sensorOf[c];
            if (!counter[c] || failed[s] || lastGood[s] == Long.MIN_VALUE) {
                continue;
            }
            long raw = rawCounters[s][indexInSensor[c]];
            // a drop is a wrap only where there is a wrap range and the wrapped step is less than half of it
            if (raw < lastRaw[c] && (wrap[c] <= 0 || raw + wrap[c] - lastRaw[c] > wrap[c] / 2)) {
                fail(s, ts, readerOf[c] + "/" + nameOf[c] + ": energy counter went backwards ("
                        + lastRaw[c] + " -> " + raw + " µJ; counter reset or driver reloaded?)");
            }
        }
        ensureCapacity(n + 1);
        t[n] = ts;
        for (int c = 0; c < nch; c++) {
            int s = sensorOf[c];
            if (failed[s]) {
                cum[c][n] = Double.NaN;
                watts[c][n] = Double.NaN;
                changed[c][n] = false;
                continue;
            }
            if (counter[c]) {
                long raw = rawCounters[s][indexInSensor[c]];
                watts[c][n] = Double.NaN;
                if (n == 0 || lastGood[s] == Long.MIN_VALUE) {
                    cum[c][n] = 0;
                    changed[c][n] = true;
                } else {
                    long d = raw - lastRaw[c];
                    if (d < 0 && wrap[c] > 0) {
                        d += wrap[c];
                    }
                    cum[c][n] = cum[c][n - 1] + d;
                    changed[c][n] = d != 0;
                }
                lastRaw[c] = raw;
            } else {
                double w = rawPower[s][indexInSensor[c]] / 1000.0;
                watts[c][n] = w;
                changed[c][n] = true;
                if (n == 0 || lastGood[s] == Long.MIN_VALUE) {
                    cum[c][n] = 0;
                } else {
                    double dt = (ts - t[n - 1]) / 1e9;
                    cum[c][n] = cum[c][n - 1] + (lastWatts[c] + w) / 2 * dt * 1e6;
                }
                lastWatts[c] = w;
            }
        }
        for (int s = 0; s < sensors.size(); s++) {
            if (!failed[s]) {
                lastGood[s] = ts;
            }
        }
        n++;
        totalSamples++;
        notifyAll();
    }

    private void fail(int s, long ts, String reason) {
        if (failed[s]) {
            return;
        }
        failed[s] = true;
        String id = sensors.get(s).readerId();
        failReason[s] = reason.startsWith(id + "/") || reason.startsWith(id + ": ") ? reason : id + ": " + reason;
        faults.add(failReason[s]);
        LOG.log(System.Logger.Level.DEBUG, "power sensor {0} failed: {1}", id, reason);
    }

    private void ensureCapacity(int need) {
        if (need <= t.length) {
            return;
        }
        int cap = Math.max(need, t.length * 2);
        t = Arrays.copyOf(t, cap);
        for (int c = 0; c < nch; c++) {
            cum[c] = Arrays.copyOf(cum[c], cap);
            watts[c] = Arrays.copyOf(watts[c], cap);
            changed[c] = Arrays.copyOf(changed[c], cap);
        }
    }

    /** Samples taken since the start (including discarded ones). */
    public synchronized long totalSamples() {
        return totalSamples;
    }

    /** Deadlines skipped because a tick came more than one period late. */
    public synchronized long missedDeadlines() {
        return missed;
    }

    /** The faults so far, one line each ({@code reader: reason}). */
    public synchronized List<String> faults() {
        return List.copyOf(faults);
    }

    /** The stamp of the newest sample, or {@link Long#MIN_VALUE} when there is none. */
    public synchronized long lastSampleNanos() {
        return n == 0 ? Long.MIN_VALUE : t[n - 1];
    }

    /**
     * Waits until samples cover time {@code tNanos}: a sample at or after it, and for each live counter a change of
     * its value at or after it (so that the energy up to {@code tNanos} is interpolated, not clamped). Returns whether
     * that happened within {@code timeout}.
     */
    public boolean awaitCoverage(long tNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!covered(tNanos)) {
                long rem = deadline - System.nanoTime();
                if (rem <= 0) {
                    return false;
                }
                wait(Math.max(1, rem / 1_000_000L), 0);
            }
            return true;
        }
    }

    private boolean covered(long tNanos) {
        if (n == 0 || t[n - 1] < tNanos) {
            return false;
        }
        for (int c = 0; c < nch; c++) {
            if (counter[c] && !failed[sensorOf[c]]) {
                boolean found = false;
                for (int i = n - 1; i >= 0 && t[i] >= tNanos; i--) {
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
     * Runs the sampler (which must be started) for {@code duration} on the calling thread's time and returns the
     * window: its {@link WindowStats#meanWatts()} is the idle baseline.
     */
    public WindowStats measureIdle(Duration duration) throws InterruptedException {
        long t0 = clock.getAsLong();
        Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000L));
        long t1 = clock.getAsLong();
        awaitCoverage(t1, Duration.ofNanos(Math.max(4 * periodNanos, slowestUpdateNanos() * 2)));
        return window(t0, t1);
    }

    /** The slowest declared hardware update interval among the sensors. */
    public long slowestUpdateNanos() {
        long u = 0;
        for (Sensor s : sensors) {
            u = Math.max(u, s.updateIntervalNanos());
        }
        return u;
    }

    /**
     * Drops samples no window starting at or after {@code tNanos} needs (keeping, per counter, the last change before
     * it), to bound memory on long runs.
     */
    public synchronized void discardBefore(long tNanos) {
        int k = lastIndexAtOrBefore(tNanos);
        if (k <= 0) {
            return;
        }
        for (int c = 0; c < nch; c++) {
            if (counter[c]) {
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
        for (int c = 0; c < nch; c++) {
            System.arraycopy(cum[c], k, cum[c], 0, keep);
            System.arraycopy(watts[c], k, watts[c], 0, keep);
            System.arraycopy(changed[c], k, changed[c], 0, keep);
            changed[c][0] = true; // the first kept sample anchors the counter timeline
        }
        n = keep;
    }

    /** Index of the last sample with stamp &le; tNanos, or -1. */
    private int lastIndexAtOrBefore(long tNanos) {
        int lo = 0;
        int hi = n - 1;
        int ans = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] <= tNanos) {
                ans = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return ans;
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

    /** Energy (µJ since the first sample) of channel c at time x, with t[0] &le; x &le; t[n-1]. */
    private double cumAt(int c, long x) {
        int i = lastIndexAtOrBefore(x);
        if (!counter[c]) {
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

    /** Measures the window {@code [t0, t1]} (nanoTime stamps). */
    public synchronized WindowStats window(long t0, long t1) {
        if (t1 <= t0) {
            throw new IllegalArgumentException("window end " + t1 + " is not after its start " + t0);
        }
        String why = null;
        if (sensors.isEmpty()) {
            why = "no power sensor";
        } else if (n < 2) {
            why = "fewer than two samples taken (is the sampler running?)";
        } else if (t0 < t[0]) {
            why = "the window starts " + ms(t[0] - t0) + " before the first retained sample";
        } else if (t1 > t[n - 1]) {
            why = "no sample yet at or after the window end (the last is " + ms(t1 - t[n - 1]) + " before it)";
        }
        if (why == null) {
            for (int s = 0; s < sensors.size(); s++) {
                if (failed[s] && lastGood[s] < t1) {
                    why = failReason[s];
                    break;
                }
            }
        }
        // samples inside the window
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
        double updates = dur * 1e9 / Math.max(slowestUpdateNanos(), periodNanos);
        boolean estimate = false;
        for (Sensor s : sensors) {
            estimate |= s.isEstimate();
        }
        if (why != null) {
            return new WindowStats(t0, t1, false, why, Double.NaN, Double.NaN, Double.NaN, samples, samples / dur,
                    gaps, maxInterval, updates, estimate, List.of());
        }
        List<WindowStats.ChannelStats> per = new ArrayList<>();
        double total = 0;
        double[] peakTotal = new double[samples];
        for (int c = 0; c < nch; c++) {
            double e = (cumAt(c, t1) - cumAt(c, t0)) / 1e6;
            double peak = Double.NaN;
            if (counter[c]) {
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
                    if (inTotal[c] && !Double.isNaN(p)) {
                        peakTotal[i - first] += p;
                    }
                }
            } else {
                for (int i = first; i <= last; i++) {
                    double p = watts[c][i];
                    peak = Double.isNaN(peak) ? p : Math.max(peak, p);
                    if (inTotal[c]) {
                        peakTotal[i - first] += p;
                    }
                }
            }
            if (Double.isNaN(peak)) {
                peak = e / dur; // no sample inside the window: the mean is the best peak there is
            }
            if (inTotal[c]) {
                total += e;
            }
            per.add(new WindowStats.ChannelStats(readerOf[c], nameOf[c], inTotal[c], e, e / dur, peak));
        }
        double peak = total / dur;
        for (double p : peakTotal) {
            peak = Math.max(peak, p);
        }
        return new WindowStats(t0, t1, true, "", total, total / dur, peak, samples, samples / dur, gaps, maxInterval,
                updates, estimate, per);
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
        return String.format("%.1f ms", nanos / 1e6);
    }
}
