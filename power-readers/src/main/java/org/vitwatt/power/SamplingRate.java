package org.vitwatt.power;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The rate a run samples at, and why: forced by {@code rateHz=N}, or chosen from the sensors ({@code rateHz=auto}, the
 * default). A reading cannot change faster than its sensor updates, so polling faster only costs CPU time and
 * wake-ups on the machine being measured; the automatic rate is about twice the fastest update rate (each update is
 * then seen at least once, as Zeus polls NVML at half its update period), within these bounds:
 * <ul>
 *   <li>an energy counter integrates between samples, so it asks for at most {@value #COUNTER_MAX_HZ} Hz (its window
 *       edges are interpolated between updates; a faster poll only sharpens them below 10 ms);</li>
 *   <li>at least {@value #MIN_HZ} Hz and at most {@value #MAX_HZ} Hz;</li>
 *   <li>a sensor whose reads are slow (an INA3221 that converts on each read) may take at most a quarter of a
 *       period.</li>
 * </ul>
 *
 * @param hz      the rate
 * @param reason  why, one phrase for the start line and the record
 * @param updates the update interval used for each sensor, in the sensors' order
 */
public record SamplingRate(double hz, String reason, List<UpdateInterval> updates) {
    public static final double MIN_HZ = 10;
    public static final double MAX_HZ = 1000;
    public static final double COUNTER_MAX_HZ = 100;

    public SamplingRate {
        updates = List.copyOf(updates);
    }

    /** {@code rateHz=N}: the sensors' declared intervals only tune the short-window warning. */
    public static SamplingRate forced(double hz, List<Sensor> sensors) {
        List<UpdateInterval> u = new ArrayList<>();
        for (Sensor s : sensors) {
            u.add(UpdateInterval.declared(s));
        }
        return new SamplingRate(hz, "rateHz=" + UpdateInterval.ms(hz), u);
    }

    /**
     * The rate for {@code sensors}: {@code forced} when present ({@code rateHz=N}), else automatic. Either way the
     * sensors whose interval is only documented are watched ({@link UpdateWatch}) so that the short-window flag and the
     * record use what the hardware does; every sensor's reads are timed for the automatic rate.
     */
    public static SamplingRate resolve(OptionalDouble forced, List<Sensor> sensors, UpdateWatch watch) {
        List<UpdateInterval> u = new ArrayList<>();
        List<Boolean> counters = new ArrayList<>();
        List<Long> reads = new ArrayList<>();
        for (Sensor s : sensors) {
            if (s.updateIntervalObservable()) {
                UpdateWatch.Result r = watch.watch(s);
                u.add(r.interval());
                reads.add(r.readNanos());
            } else {
                u.add(UpdateInterval.declared(s));
                reads.add(forced.isPresent() ? 0L : watch.timeReads(s, 5));
            }
            counters.add(s.kind() == Sensor.Kind.ENERGY_COUNTER);
        }
        if (forced.isPresent()) {
            return new SamplingRate(forced.getAsDouble(), "rateHz=" + UpdateInterval.ms(forced.getAsDouble()), u);
        }
        return choose(u, counters, reads);
    }

    /** The automatic rate for these intervals (pure: tests call it with made-up sensors' figures). */
    static SamplingRate choose(List<UpdateInterval> updates, List<Boolean> counters, List<Long> readNanos) {
        if (updates.isEmpty()) {
            return new SamplingRate(MIN_HZ, "auto: no power sensor, " + UpdateInterval.ms(MIN_HZ) + " Hz", updates);
        }
        double hz = 0;
        UpdateInterval fastest = null;
        boolean capped = false;
        for (int i = 0; i < updates.size(); i++) {
            double want = 2e9 / updates.get(i).nanos();
            boolean counterCap = counters.get(i) && want > COUNTER_MAX_HZ;
            if (counterCap) {
                want = COUNTER_MAX_HZ;
            }
            if (want > hz) {
                hz = want;
                fastest = updates.get(i);
                capped = counterCap;
            }
        }
        String why = capped ? "auto: " + fastest + " is a counter, polled at " + UpdateInterval.ms(COUNTER_MAX_HZ) + " Hz"
                : "auto: twice the update rate of " + fastest;
        if (hz > MAX_HZ) {
            hz = MAX_HZ;
            why += ", capped at " + UpdateInterval.ms(MAX_HZ) + " Hz";
        } else if (hz < MIN_HZ) {
            hz = MIN_HZ;
            why += ", raised to " + UpdateInterval.ms(MIN_HZ) + " Hz";
        }
        long slowestRead = 0;
        for (long r : readNanos) {
            slowestRead = Math.max(slowestRead, r);
        }
        if (slowestRead > 0 && hz > 1e9 / (4.0 * slowestRead)) {
            hz = Math.max(1, 1e9 / (4.0 * slowestRead));
            why += String.format(Locale.ROOT, ", lowered to %s Hz because one read takes %s ms",
                    UpdateInterval.ms(hz), UpdateInterval.ms(slowestRead / 1e6));
        }
        return new SamplingRate(hz, why, updates);
    }

    /** The slowest sensor's update interval, ns (0 with no sensor). */
    public long slowestUpdateNanos() {
        long s = 0;
        for (UpdateInterval u : updates) {
            s = Math.max(s, u.nanos());
        }
        return s;
    }
}
