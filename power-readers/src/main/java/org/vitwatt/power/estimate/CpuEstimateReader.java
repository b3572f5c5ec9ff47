package org.vitwatt.power.estimate;

import java.util.List;
import org.vitwatt.power.Availability;
import org.vitwatt.power.Channel;
import org.vitwatt.power.PowerConfigException;
import org.vitwatt.power.PowerOptions;
import org.vitwatt.power.PowerReader;
import org.vitwatt.power.Sensor;
import org.vitwatt.power.SensorException;
import org.vitwatt.power.internal.Rails;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;

/**
 * An <b>estimate</b>, not a measurement, for machines with no power sensor: CPU power = system CPU load (OSHI
 * {@code CentralProcessor.getSystemCpuLoadBetweenTicks}, from {@code /proc/stat} on Linux) &times; a TDP the user
 * gives ({@code tdp=W}). The id is {@code cpu-estimate} and the channel is {@code cpu}, so every metric that carries
 * it reads {@code cpu-estimate/cpu}; {@link #isEstimate()} lets callers flag totals that include it.
 *
 * <p>Limits: load is not power (frequency, vector width, memory stalls and idle power are all ignored; an idle CPU
 * reads about 0 W), and the kernel's tick counters advance at {@code USER_HZ} (100 Hz), so the load is recomputed at
 * most every {@value #UPDATE_MILLIS} ms and held in between.
 */
public final class CpuEstimateReader implements PowerReader {
    public static final String ID = "cpu-estimate";
    static final long UPDATE_MILLIS = 100;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "ESTIMATE, not a measurement: OSHI system CPU load x tdp=W";
    }

    @Override
    public boolean isEstimate() {
        return true;
    }

    @Override
    public Availability probe(PowerOptions options) {
        if (options.tdp().isEmpty()) {
            return Availability.no(missingTdp());
        }
        try (Sensor s = open(options)) {
            return Availability.yes("estimate from CPU load x " + options.tdp().getAsDouble() + " W", List.of("cpu"));
        } catch (SensorException | RuntimeException | LinkageError e) {
            return Availability.no(e.getMessage());
        }
    }

    static String missingTdp() {
        return "The cpu-estimate reader needs the CPU's TDP in watts: add tdp=W (e.g. tdp=65)";
    }

    @Override
    public Sensor open(PowerOptions options) throws SensorException {
        if (options.tdp().isEmpty()) {
            throw new PowerConfigException(missingTdp());
        }
        Rails.select(ID, options, List.of("cpu"), List.of(0));
        CentralProcessor cpu;
        try {
            cpu = new SystemInfo().getHardware().getProcessor();
        } catch (RuntimeException | LinkageError e) {
            throw new SensorException("OSHI cannot read CPU load on this platform: " + e, e);
        }
        return new EstimateSensor(cpu, options.tdp().getAsDouble());
    }

    /** Load x TDP, recomputed at most every {@value #UPDATE_MILLIS} ms. */
    static final class EstimateSensor implements Sensor {
        private final CentralProcessor cpu;
        private final double tdpMilliWatts;
        private final List<Channel> channels;
        private long[] ticks;
        private long lastNanos;
        private double lastMilliWatts;

        EstimateSensor(CentralProcessor cpu, double tdpWatts) {
            this.cpu = cpu;
            this.tdpMilliWatts = tdpWatts * 1000.0;
            this.channels = List.of(new Channel("cpu", true, "ESTIMATE: system CPU load x " + tdpWatts + " W TDP"));
            // a first load over one update period, so that the first samples are not a made-up 0 W
            double load = cpu.getSystemCpuLoad(UPDATE_MILLIS);
            this.lastMilliWatts = Math.max(0, Math.min(1, load)) * tdpMilliWatts;
            this.ticks = cpu.getSystemCpuLoadTicks();
            this.lastNanos = System.nanoTime();
        }

        @Override
        public String readerId() {
            return ID;
        }

        @Override
        public List<Channel> channels() {
            return channels;
        }

        @Override
        public Kind kind() {
            return Kind.POWER;
        }

        @Override
        public boolean isEstimate() {
            return true;
        }

        @Override
        public long updateIntervalNanos() {
            return UPDATE_MILLIS * 1_000_000L;
        }

        @Override
        public String updateIntervalSource() {
            return "the estimate's load is recomputed every " + UPDATE_MILLIS + " ms (USER_HZ ticks)";
        }

        @Override
        public void readPowerMilliWatts(double[] out) {
            long now = System.nanoTime();
            if (now - lastNanos >= UPDATE_MILLIS * 1_000_000L) {
                long[] fresh = cpu.getSystemCpuLoadTicks();
                long total = 0;
                for (int i = 0; i < fresh.length; i++) {
                    total += fresh[i] - ticks[i];
                }
                if (total > 0) {
                    double load = cpu.getSystemCpuLoadBetweenTicks(ticks);
                    lastMilliWatts = Math.max(0, Math.min(1, load)) * tdpMilliWatts;
                    ticks = fresh;
                    lastNanos = now;
                }
            }
            out[0] = lastMilliWatts;
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
