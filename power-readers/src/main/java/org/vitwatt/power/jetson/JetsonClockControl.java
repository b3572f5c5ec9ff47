package org.vitwatt.power.jetson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.power.SensorException;
import org.vitwatt.power.clocks.ClockChange;
import org.vitwatt.power.clocks.ClockRequest;
import org.vitwatt.power.internal.SysfsFile;

/**
 * Plans how to hold a Jetson's GPU or CPU clusters at one frequency: both ends of the DVFS range set to the frequency
 * the device offers nearest to the one asked for ({@code available_frequencies} of the GPU devfreq device, Hz;
 * {@code scaling_available_frequencies} of each cpufreq policy, kHz), never above the range's current top, which the
 * power mode sets ({@code max} means that top). The floor is written first and the ceiling second (each stays within
 * the other), and undoing runs in reverse. Paths and units: {@link JetsonSysfs}; the writes are those NVIDIA's
 * {@code jetson_clocks} makes to pin clocks (it sets {@code min_freq} to the top of the range).
 */
public final class JetsonClockControl {
    private final Path sys;

    /** Controls the clocks under {@code sys} ({@code /sys} on the board). */
    public JetsonClockControl(Path sys) {
        this.sys = sys;
    }

    /** Whether there is a GPU devfreq device to control. */
    public boolean hasGpu() {
        return JetsonSysfs.gpu(sys).isPresent();
    }

    /** The writes that hold the GPU at {@code r}; empty for {@code default}. */
    public List<ClockChange> planGpu(String flag, ClockRequest r) {
        if (!r.changes()) {
            return List.of();
        }
        Path d = JetsonSysfs.gpu(sys).orElseThrow(() -> new VitwattException("-p " + flag + "=" + r + ": no GPU devfreq "
                + "device under " + sys.resolve("class/devfreq") + " (not a Jetson, or its GPU driver is not loaded)"));
        return plan(flag, r, "GPU " + d.getFileName(), d.resolve("available_frequencies"), d.resolve("min_freq"),
                d.resolve("max_freq"), 1e6, "Hz");
    }

    /** The writes that hold every CPU cluster at {@code r}; empty for {@code default}. */
    public List<ClockChange> planCpu(String flag, ClockRequest r) {
        if (!r.changes()) {
            return List.of();
        }
        List<JetsonSysfs.Policy> policies = JetsonSysfs.cpuPolicies(sys);
        if (policies.isEmpty()) {
            throw new VitwattException("-p " + flag + "=" + r + ": no cpufreq policy under "
                    + sys.resolve("devices/system/cpu/cpufreq") + " (the kernel has no CPU frequency scaling here)");
        }
        List<ClockChange> out = new ArrayList<>();
        for (JetsonSysfs.Policy p : policies) {
            out.addAll(plan(flag, r, "CPU cluster " + p.name(), p.dir().resolve("scaling_available_frequencies"),
                    p.dir().resolve("scaling_min_freq"), p.dir().resolve("scaling_max_freq"), 1e3, "kHz"));
        }
        return out;
    }

    private static List<ClockChange> plan(String flag, ClockRequest r, String what, Path available, Path min, Path max,
            double perMHz, String unit) {
        long lo = read(flag, r, min);
        long hi = read(flag, r, max);
        long[] offered = offered(flag, r, available);
        long target;
        if (r.kind() == ClockRequest.Kind.MAX) {
            target = hi;
        } else {
            long want = Math.round(r.mhz() * perMHz);
            target = offered[0];
            for (long f : offered) {
                if (Math.abs(f - want) < Math.abs(target - want)) {
                    target = f;
                }
            }
            if (target > hi) {
                throw new VitwattException(String.format(Locale.ROOT, "-p %s=%s: %s offers %s MHz at the nearest, above "
                        + "the %s MHz the power mode allows (%s); ask for at most %s MHz, or another power mode", flag, r,
                        what, mhz(target, perMHz), mhz(hi, perMHz), max, mhz(hi, perMHz)));
            }
        }
        return List.of(
                ClockChange.file(what + " " + min.getFileName(), min, Long.toString(lo), Long.toString(target)),
                ClockChange.file(what + " " + max.getFileName(), max, Long.toString(hi), Long.toString(target)));
    }

    private static String mhz(long v, double perMHz) {
        double m = v / perMHz;
        return m == Math.rint(m) ? String.format(Locale.ROOT, "%.0f", m) : String.format(Locale.ROOT, "%.1f", m);
    }

    private static long read(String flag, ClockRequest r, Path file) {
        try {
            return SysfsFile.readLongOnce(file);
        } catch (SensorException e) {
            throw new VitwattException("-p " + flag + "=" + r + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    private static long[] offered(String flag, ClockRequest r, Path available) {
        Optional<String> text;
        try {
            text = Optional.of(Files.readString(available).trim());
        } catch (IOException e) {
            text = Optional.empty();
        }
        long[] v = text.map(t -> Arrays.stream(t.split("\\s+")).filter(s -> s.matches("\\d+"))
                .mapToLong(Long::parseLong).sorted().toArray()).orElse(new long[0]);
        if (v.length == 0) {
            throw new VitwattException("-p " + flag + "=" + r + ": " + available + " lists no frequencies, so there is "
                    + "no frequency to hold the clock at");
        }
        return v;
    }
}
