package org.vitwatt.power;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.vitwatt.power.state.StateChannel;
import org.vitwatt.power.state.StateProbe;
import org.vitwatt.power.state.StateTimeline;
import org.vitwatt.power.state.StateWindow;

/**
 * Samples a set of {@link Sensor}s on one dedicated thread and answers, for any window {@code [t0, t1]} of
 * {@link System#nanoTime} stamps, the energy, mean and peak power and the sampling quality in it.
 *
 * <p>Three parts, each with one job: the {@link SamplingThread} wakes at {@link Deadlines} and calls {@link #tick()};
 * {@link SensorHealth} decides which sensors still read; the {@link Timeline} holds the samples and does the arithmetic
 * (trapezoids for power, wrap-safe differences and change-point interpolation for counters). This class reads the
 * sensors, stamps each sample once at the midpoint of its reads, and guards the timeline with its lock. The same
 * thread reads device state ({@link StateProbe}s) every {@value #STATE_INTERVAL_MILLIS} ms into a
 * {@link StateTimeline}, so clocks and temperatures cost no wake-up of their own.
 *
 * <h2>Faults</h2>
 * A read that throws, or a sensor whose files disappear ({@link Sensor#checkPresent()}, checked every
 * {@value #PRESENCE_CHECK_MILLIS} ms), stops that sensor for the rest of the run; every window that ends after its last
 * good sample is invalid with the reason. A counter that goes backwards without a wrap range (driver reload) is a
 * fault too. Nothing is ever filled in with 0 or NaN as if it were a measurement.
 *
 * <h2>Testing</h2>
 * The constructor that takes a clock lets tests drive {@link #tick()} by hand against scripted sensor values, so that
 * seconds of simulated sampling run in milliseconds and deterministically; the arithmetic alone is {@link Timeline}'s.
 */
public final class Sampler implements AutoCloseable {
    static final long PRESENCE_CHECK_MILLIS = 100;
    /** Device state changes slowly: read every this many milliseconds. */
    public static final long STATE_INTERVAL_MILLIS = 100;
    private static final System.Logger LOG = System.getLogger(Sampler.class.getName());

    private final List<Sensor> sensors;
    private final SamplingRate rate;
    private final double rateHz;
    private final long periodNanos;
    private final LongSupplier clock;
    private final SamplingThread thread;
    private final SensorHealth health;
    private final Timeline timeline;

    // tracks of the timeline, by sensor
    private final int[] firstTrack;
    private final int[] sensorOf;
    private final boolean[] counter;

    // scratch, tick only
    private final long[][] rawCounters;
    private final double[][] rawPower;
    private final boolean[] live;
    private final double[] milliWatts;
    private final long[] microJoules;

    // device state, read every STATE_INTERVAL_MILLIS by tick
    private final List<StateProbe> probes;
    private final double[][] probeValues;
    private final double[] stateValues;
    private final StateTimeline state;
    private long lastStateRead = Long.MIN_VALUE;

    // guarded by this
    private long totalSamples;
    private int waiting;

    /** A sampler on the real clock ({@link System#nanoTime}). */
    public Sampler(List<Sensor> sensors, double rateHz) {
        this(sensors, rateHz, System::nanoTime);
    }

    /** A sampler on the given clock (nanoseconds); tests drive {@link #tick()} themselves. */
    public Sampler(List<Sensor> sensors, double rateHz, LongSupplier clock) {
        this(sensors, SamplingRate.forced(rateHz, sensors), clock);
    }

    /** A sampler at a chosen rate ({@link SamplingRate#auto}), on the real clock. */
    public Sampler(List<Sensor> sensors, SamplingRate rate) {
        this(sensors, rate, System::nanoTime);
    }

    /** A sampler at a chosen rate, whose update intervals tune the short-window flag, on the given clock. */
    public Sampler(List<Sensor> sensors, SamplingRate rate, LongSupplier clock) {
        this(sensors, List.of(), name -> false, rate, clock);
    }

    /**
     * A sampler that also reads device state ({@code probes}: clocks, temperatures, throttle reasons) every
     * {@value #STATE_INTERVAL_MILLIS} ms on the same thread; {@code askedClocks} names the clocks the run locked, whose
     * floor is then the reference for a clock drop ({@link StateTimeline}).
     */
    public Sampler(List<Sensor> sensors, List<StateProbe> probes, Predicate<String> askedClocks, SamplingRate rate,
            LongSupplier clock) {
        double rateHz = rate.hz();
        if (!(rateHz > 0) || rateHz > PowerOptions.MAX_RATE_HZ) {
            throw new PowerConfigException("rateHz=" + rateHz + " is out of range (0, " + (long) PowerOptions.MAX_RATE_HZ
                    + "]; e.g. rateHz=1000");
        }
        this.sensors = List.copyOf(sensors);
        this.rate = rate;
        this.rateHz = rateHz;
        this.periodNanos = Math.max(1, Math.round(1e9 / rateHz));
        this.clock = clock;
        int ns = this.sensors.size();
        firstTrack = new int[ns];
        rawCounters = new long[ns][];
        rawPower = new double[ns][];
        List<Timeline.Track> tracks = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        boolean estimate = false;
        for (int s = 0; s < ns; s++) {
            Sensor sensor = this.sensors.get(s);
            boolean isCounter = sensor.kind() == Sensor.Kind.ENERGY_COUNTER;
            firstTrack[s] = tracks.size();
            int k = sensor.channels().size();
            rawCounters[s] = new long[k];
            rawPower[s] = new double[k];
            for (int j = 0; j < k; j++) {
                Channel ch = sensor.channels().get(j);
                tracks.add(new Timeline.Track(sensor.readerId(), ch.name(), ch.inTotal(), isCounter,
                        isCounter ? sensor.wrapMicroJoules(j) : 0));
                owner.add(s);
            }
            estimate |= sensor.isEstimate();
        }
        int nt = tracks.size();
        sensorOf = owner.stream().mapToInt(Integer::intValue).toArray();
        counter = new boolean[nt];
        for (int c = 0; c < nt; c++) {
            counter[c] = tracks.get(c).counter();
        }
        live = new boolean[nt];
        milliWatts = new double[nt];
        microJoules = new long[nt];
        timeline = new Timeline(tracks, periodNanos, rate.slowestUpdateNanos(), estimate);
        this.probes = List.copyOf(probes);
        List<StateChannel> stateChannels = new ArrayList<>();
        probeValues = new double[this.probes.size()][];
        for (int p = 0; p < this.probes.size(); p++) {
            stateChannels.addAll(this.probes.get(p).channels());
            probeValues[p] = new double[this.probes.get(p).channels().size()];
        }
        stateValues = new double[stateChannels.size()];
        state = new StateTimeline(stateChannels, askedClocks);
        health = new SensorHealth(this.sensors, PRESENCE_CHECK_MILLIS * 1_000_000L);
        thread = new SamplingThread("vitwatt-power-sampler", periodNanos, clock, this::tick);
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
    public void start() {
        long before;
        synchronized (this) {
            if (thread.thread() != null) {
                return;
            }
            before = totalSamples;
        }
        thread.start();
        long deadline = System.nanoTime() + 1_000_000_000L;
        synchronized (this) {
            waiting++;
            try {
                while (totalSamples == before && System.nanoTime() < deadline) {
                    wait(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting--;
            }
        }
    }

    /** Stops the sampling thread and waits for it; the samples stay available for {@link #window}. */
    public void stop() {
        thread.stop();
    }

    /** Stops sampling and closes the sensors and the state probes. */
    @Override
    public void close() {
        stop();
        for (Sensor s : sensors) {
            s.close();
        }
        for (StateProbe p : probes) {
            p.close();
        }
    }

    /** The sampling thread, for measuring its CPU time; {@code null} before {@link #start()}. */
    public Thread thread() {
        return thread.thread();
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
            if (!health.live(s)) {
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
                errors = note(errors, s, e);
            }
        }
        long tb = clock.getAsLong();
        long ts = ta + (tb - ta) / 2;
        if (health.presenceCheckDue(ts)) {
            for (int s = 0; s < ns; s++) {
                if (health.live(s) && (errors == null || errors[s] == null)) {
                    try {
                        sensors.get(s).checkPresent();
                    } catch (IOException | RuntimeException e) {
                        errors = note(errors, s, e);
                    }
                }
            }
        }
        boolean stateDue = !probes.isEmpty() && (lastStateRead == Long.MIN_VALUE
                || ts - lastStateRead >= STATE_INTERVAL_MILLIS * 1_000_000L);
        if (stateDue) {
            lastStateRead = ts;
            int k = 0;
            for (int p = 0; p < probes.size(); p++) {
                double[] v = probeValues[p];
                try {
                    probes.get(p).read(v);
                } catch (IOException | RuntimeException e) {
                    Arrays.fill(v, Double.NaN);
                }
                System.arraycopy(v, 0, stateValues, k, v.length);
                k += v.length;
            }
        }
        record(ts, errors, stateDue);
    }

    private String[] note(String[] errors, int s, Throwable e) {
        String[] out = errors == null ? new String[sensors.size()] : errors;
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        out[s] = m.lines().findFirst().orElse(m);
        return out;
    }

    private synchronized void record(long ts, String[] errors, boolean stateDue) {
        if (stateDue) {
            state.append(ts, stateValues);
        }
        if (timeline.size() > 0 && ts <= timeline.lastStamp()) {
            return;
        }
        if (errors != null) {
            for (int s = 0; s < errors.length; s++) {
                if (errors[s] != null) {
                    fail(s, ts, errors[s]);
                }
            }
        }
        for (int s = 0; s < sensors.size(); s++) {
            int c0 = firstTrack[s];
            for (int j = 0; j < rawPower[s].length; j++) {
                int c = c0 + j;
                if (counter[c]) {
                    microJoules[c] = rawCounters[s][j];
                    if (health.live(s) && timeline.isReset(c, microJoules[c])) {
                        Sensor sensor = sensors.get(s);
                        fail(s, ts, sensor.readerId() + "/" + sensor.channels().get(j).name() + ": energy counter "
                                + "went backwards (" + timeline.lastCounter(c) + " -> " + microJoules[c]
                                + " µJ; counter reset or driver reloaded?)");
                    }
                } else {
                    milliWatts[c] = rawPower[s][j];
                }
            }
        }
        for (int c = 0; c < live.length; c++) {
            live[c] = health.live(sensorOf[c]);
        }
        timeline.append(ts, live, milliWatts, microJoules);
        health.goodAt(ts);
        totalSamples++;
        if (waiting > 0) {
            notifyAll();
        }
    }

    private void fail(int s, long ts, String reason) {
        if (health.live(s)) {
            health.fail(s, ts, reason);
            LOG.log(System.Logger.Level.DEBUG, "power sensor {0} failed: {1}", sensors.get(s).readerId(), reason);
        }
    }

    /** Samples taken since the start (including discarded ones). */
    public synchronized long totalSamples() {
        return totalSamples;
    }

    /** Deadlines skipped because a tick came more than one period late. */
    public long missedDeadlines() {
        return thread.missedDeadlines();
    }

    /** The faults so far, one line each ({@code reader: reason}). */
    public synchronized List<String> faults() {
        return health.faults();
    }

    /** The stamp of the newest sample, or {@link Long#MIN_VALUE} when there is none. */
    public synchronized long lastSampleNanos() {
        return timeline.lastStamp();
    }

    /**
     * Waits until samples cover time {@code tNanos}: a sample at or after it, and for each live counter a change of
     * its value at or after it (so that the energy up to {@code tNanos} is interpolated, not clamped). Returns whether
     * that happened within {@code timeout}.
     */
    public boolean awaitCoverage(long tNanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            waiting++;
            try {
                while (!timeline.covers(tNanos)) {
                    long rem = deadline - System.nanoTime();
                    if (rem <= 0) {
                        return false;
                    }
                    wait(Math.max(1, rem / 1_000_000L), 0);
                }
                return true;
            } finally {
                waiting--;
            }
        }
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

    /** The slowest sensor's update interval (declared, derived or observed: {@link #rate()}). */
    public long slowestUpdateNanos() {
        return rate.slowestUpdateNanos();
    }

    /** The rate and why, with each sensor's update interval. */
    public SamplingRate rate() {
        return rate;
    }

    /**
     * Drops samples no window starting at or after {@code tNanos} needs (keeping, per counter, the last change before
     * it), to bound memory on long runs.
     */
    public synchronized void discardBefore(long tNanos) {
        timeline.discardBefore(tNanos);
        state.discardBefore(tNanos);
    }

    /** The device state over {@code [t0, t1]}: clock and temperature ranges, throttling. */
    public synchronized StateWindow state(long t0, long t1) {
        return state.window(t0, t1);
    }

    /** The device state channels read, in order (none without probes). */
    public List<StateChannel> stateChannels() {
        return state.channels();
    }

    /** Measures the window {@code [t0, t1]} (nanoTime stamps). */
    public synchronized WindowStats window(long t0, long t1) {
        return timeline.window(t0, t1, health.faultBefore(t1));
    }
}
