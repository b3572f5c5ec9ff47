package org.vitwatt.power;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Measures how often a sensor's readings change by polling it for a moment, as Zeus infers the NVML counter's update
 * period ({@code zeus/monitor/power.py}, {@code _infer_counter_update_period_single}: poll back to back, keep the
 * times the value changed, take the shortest interval between changes). vitwatt polls every {@value #POLL_MICROS} µs
 * for at most {@value #MAX_MILLIS} ms or until {@value #CHANGES} changes, and takes the median interval rather than the
 * shortest, so that one change seen early or late does not set the rate. It also times the reads: a sensor whose read
 * takes long (an INA3221 that converts on each read) caps the rate. A sensor that does not change in that time (idle,
 * or a fake tree) keeps its documented interval, and the reason says so.
 */
public final class UpdateWatch {
    static final long POLL_MICROS = 500;
    static final long MAX_MILLIS = 400;
    static final int CHANGES = 9;

    private final LongSupplier clock;
    private final long pollNanos;
    private final long maxNanos;

    /** On the real clock with the default budget. */
    public UpdateWatch() {
        this(System::nanoTime, POLL_MICROS * 1000, MAX_MILLIS * 1_000_000L);
    }

    UpdateWatch(LongSupplier clock, long pollNanos, long maxNanos) {
        this.clock = clock;
        this.pollNanos = pollNanos;
        this.maxNanos = maxNanos;
    }

    /**
     * What was seen.
     *
     * @param interval     the interval to use: observed when enough changes were seen, else the declared one
     * @param readNanos    the median duration of one read of all the sensor's channels
     * @param observed     whether {@code interval} was observed
     */
    public record Result(UpdateInterval interval, long readNanos, boolean observed) {
    }

    /** Polls {@code sensor} (not yet sampled by anyone else); read errors end the watch, the sampler reports them. */
    public Result watch(Sensor sensor) {
        UpdateInterval declared = UpdateInterval.declared(sensor);
        int k = sensor.channels().size();
        long[] uj = new long[k];
        double[] mw = new double[k];
        long[] prevUj = null;
        double[] prevMw = null;
        List<Long> changes = new ArrayList<>();
        List<Long> reads = new ArrayList<>();
        long start = clock.getAsLong();
        long next = start;
        while (clock.getAsLong() - start < maxNanos && changes.size() < CHANGES) {
            long t0 = clock.getAsLong();
            try {
                if (sensor.kind() == Sensor.Kind.ENERGY_COUNTER) {
                    sensor.readEnergyMicroJoules(uj);
                } else {
                    sensor.readPowerMilliWatts(mw);
                }
            } catch (IOException | RuntimeException e) {
                break;
            }
            long t1 = clock.getAsLong();
            reads.add(t1 - t0);
            boolean changed = sensor.kind() == Sensor.Kind.ENERGY_COUNTER ? prevUj != null && !Arrays.equals(uj, prevUj)
                    : prevMw != null && !Arrays.equals(mw, prevMw);
            if (changed) {
                changes.add(t0 + (t1 - t0) / 2);
            }
            prevUj = uj.clone();
            prevMw = mw.clone();
            next += pollNanos;
            long rem;
            while ((rem = next - clock.getAsLong()) > 0) {
                LockSupport.parkNanos(rem);
            }
        }
        long read = median(reads);
        if (changes.size() < 3) {
            return new Result(new UpdateInterval(declared.readerId(), declared.nanos(), declared.source() + "; no "
                    + "change seen in " + (maxNanos / 1_000_000) + " ms of polling (idle or fake sensor)"), read, false);
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < changes.size(); i++) {
            gaps.add(changes.get(i) - changes.get(i - 1));
        }
        long observed = Math.max(1, median(gaps));
        return new Result(new UpdateInterval(declared.readerId(), observed, String.format(Locale.ROOT,
                "observed: median of %d intervals between changes; documented %s ms", gaps.size(),
                UpdateInterval.ms(declared.millis()))), read, true);
    }

    /** The median duration of {@code reads} reads of all the sensor's channels (0 when a read fails). */
    public long timeReads(Sensor sensor, int reads) {
        int k = sensor.channels().size();
        long[] uj = new long[k];
        double[] mw = new double[k];
        List<Long> d = new ArrayList<>();
        for (int i = 0; i < reads; i++) {
            long t0 = clock.getAsLong();
            try {
                if (sensor.kind() == Sensor.Kind.ENERGY_COUNTER) {
                    sensor.readEnergyMicroJoules(uj);
                } else {
                    sensor.readPowerMilliWatts(mw);
                }
            } catch (IOException | RuntimeException e) {
                return 0;
            }
            d.add(clock.getAsLong() - t0);
        }
        return median(d);
    }

    private static long median(List<Long> v) {
        if (v.isEmpty()) {
            return 0;
        }
        long[] a = v.stream().mapToLong(Long::longValue).sorted().toArray();
        return a[a.length / 2];
    }
}
