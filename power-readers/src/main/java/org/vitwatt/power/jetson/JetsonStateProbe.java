package org.vitwatt.power.jetson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vitwatt.power.SensorException;
import org.vitwatt.power.internal.SysfsFile;
import org.vitwatt.power.state.StateChannel;
import org.vitwatt.power.state.StateProbe;

/**
 * A Jetson's clocks and temperatures from sysfs, at the places {@link JetsonSysfs} names, files kept open and re-read
 * at offset 0: the GPU devfreq {@code cur_freq} and {@code min_freq} (Hz), each CPU cluster's {@code scaling_cur_freq}
 * and {@code scaling_min_freq} (kHz), the EMC rate (Hz), every thermal zone's {@code temp} (m°C); reported in MHz and
 * °C. The cpufreq and thermal parts exist on other Linux machines too and are read there alike. A file that cannot be
 * read this time gives NaN for its channel.
 */
public final class JetsonStateProbe implements StateProbe {
    private final List<StateChannel> channels;
    private final SysfsFile[] files;
    private final double[] scale;

    private JetsonStateProbe(List<StateChannel> channels, List<SysfsFile> files, List<Double> scale) {
        this.channels = List.copyOf(channels);
        this.files = files.toArray(SysfsFile[]::new);
        this.scale = scale.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Opens what {@code sys} (standing for {@code /sys}) has; empty when it has none of it. */
    public static Optional<JetsonStateProbe> open(Path sys) {
        List<StateChannel> ch = new ArrayList<>();
        List<SysfsFile> fs = new ArrayList<>();
        List<Double> sc = new ArrayList<>();
        Optional<Path> gpu = JetsonSysfs.gpu(sys);
        if (gpu.isPresent()) {
            add(ch, fs, sc, StateChannel.clock("gpu", true), gpu.get().resolve("cur_freq"), 1e-6);
            add(ch, fs, sc, StateChannel.floor("gpu"), gpu.get().resolve("min_freq"), 1e-6);
        }
        for (JetsonSysfs.Policy p : JetsonSysfs.cpuPolicies(sys)) {
            add(ch, fs, sc, StateChannel.clock(p.name(), true), p.dir().resolve("scaling_cur_freq"), 1e-3);
            add(ch, fs, sc, StateChannel.floor(p.name()), p.dir().resolve("scaling_min_freq"), 1e-3);
        }
        JetsonSysfs.emcRate(sys).ifPresent(f -> add(ch, fs, sc, StateChannel.clock("emc", false), f, 1e-6));
        for (JetsonSysfs.ThermalZone z : JetsonSysfs.thermalZones(sys)) {
            add(ch, fs, sc, StateChannel.temperature(z.type()), z.temp(), 1e-3);
        }
        if (ch.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JetsonStateProbe(ch, fs, sc));
    }

    private static void add(List<StateChannel> ch, List<SysfsFile> fs, List<Double> sc, StateChannel c, Path file,
            double scale) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            fs.add(SysfsFile.open(file));
        } catch (SensorException e) {
            return; // not readable (EMC's debugfs needs root): that channel is simply not there
        }
        ch.add(c);
        sc.add(scale);
    }

    @Override
    public String source() {
        return "sysfs";
    }

    @Override
    public List<StateChannel> channels() {
        return channels;
    }

    @Override
    public void read(double[] out) {
        for (int i = 0; i < files.length; i++) {
            try {
                out[i] = files[i].readLong() * scale[i];
            } catch (IOException e) {
                out[i] = Double.NaN;
            }
        }
    }

    @Override
    public void close() {
        for (SysfsFile f : files) {
            f.close();
        }
    }
}
