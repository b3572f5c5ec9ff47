package org.vitwatt.power.jetson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.vitwatt.power.internal.Dirs;

/**
 * Where a Jetson's clocks and temperatures are in sysfs ({@code sys} stands for {@code /sys}: a fake tree in tests, or
 * {@code sysfs=DIR}). Every place is one a source names:
 * <ul>
 *   <li><b>GPU</b>: the devfreq device under {@code class/devfreq/} whose {@code device/of_node/name} is {@code gv11b},
 *       {@code gp10b}, {@code ga10b}, {@code gb10b} or contains "gpu", or Thor's {@code gpu-gpc-0} (jetson_stats
 *       {@code jtop/core/gpu.py}: {@code find_igpu}, {@code KNOWN_GPU_DEVICE_NAMES}, {@code THOR_GPC}); its
 *       {@code cur_freq}, {@code min_freq}, {@code max_freq}, {@code available_frequencies} are in Hz (Linux
 *       {@code Documentation/ABI/testing/sysfs-class-devfreq}).</li>
 *   <li><b>CPU</b>: one cpufreq policy per cluster, {@code devices/system/cpu/cpufreq/policy<N>/} with
 *       {@code related_cpus}, {@code scaling_cur_freq}, {@code scaling_min_freq}, {@code scaling_max_freq} and
 *       {@code scaling_available_frequencies} in kHz (Linux {@code Documentation/admin-guide/pm/cpufreq.rst}, "Policy
 *       Interface in sysfs"); each {@code cpu<N>/cpufreq} is a link to its policy.</li>
 *   <li><b>EMC</b> (memory clock): {@code kernel/debug/bpmp/debug/clk/emc/rate} (Xavier, Orin; debugfs, root only),
 *       {@code class/devfreq/bwmgr/cur_freq} (Thor), {@code kernel/debug/clk/override.emc/clk_rate} (TX2, Nano), in Hz
 *       (jtop {@code core/memory.py}, {@code read_emc}).</li>
 *   <li><b>Temperatures</b>: {@code class/thermal/thermal_zone<N>/type} and {@code temp} in millidegrees Celsius
 *       (jtop {@code core/temperature.py}, {@code get_virtual_thermal_temperature}, which divides by 1000 and skips
 *       {@code PMIC} zones).</li>
 * </ul>
 */
final class JetsonSysfs {
    static final List<String> GPU_NAMES = List.of("gv11b", "gp10b", "ga10b", "gb10b", "gpu");

    private JetsonSysfs() {
    }

    /** The GPU's devfreq directory under {@code sys/class/devfreq}. */
    static Optional<Path> gpu(Path sys) {
        return findGpu(sys.resolve("class/devfreq"));
    }

    /** The GPU among the devfreq devices of {@code devfreq}. */
    static Optional<Path> findGpu(Path devfreq) {
        if (!Files.isDirectory(devfreq)) {
            return Optional.empty();
        }
        Path thor = devfreq.resolve("gpu-gpc-0");
        if (Files.isDirectory(thor)) {
            return Optional.of(thor);
        }
        try (Stream<Path> s = Files.list(devfreq)) {
            for (Path d : s.sorted().toList()) {
                Path name = d.resolve("device/of_node/name");
                if (Files.isRegularFile(name)) {
                    String n = Files.readString(name).replace("\0", "").trim().toLowerCase(Locale.ROOT);
                    if (GPU_NAMES.contains(n) || n.contains("gpu")) {
                        return Optional.of(d);
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * A CPU cluster's cpufreq policy.
     *
     * @param name the cluster's name: {@code cpu} and its first CPU ({@code cpu0}, {@code cpu4})
     * @param dir  the policy directory
     */
    record Policy(String name, Path dir) {
    }

    /**
     * The CPU clusters: the {@code cpufreq/policy<N>} directories, or, where there are none (older trees), the distinct
     * {@code cpu<N>/cpufreq} directories.
     */
    static List<Policy> cpuPolicies(Path sys) {
        Path cpu = sys.resolve("devices/system/cpu");
        Map<Path, Policy> out = new LinkedHashMap<>();
        for (Path p : Dirs.subdirs(cpu.resolve("cpufreq"), n -> n.matches("policy\\d+"))) {
            out.putIfAbsent(Dirs.real(p), new Policy("cpu" + firstCpu(p, p.getFileName().toString().substring(6)), p));
        }
        if (out.isEmpty()) {
            List<Path> cpus = new ArrayList<>(Dirs.subdirs(cpu, n -> n.matches("cpu\\d+")));
            cpus.sort(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(3))));
            for (Path c : cpus) {
                Path f = c.resolve("cpufreq");
                if (Files.isDirectory(f)) {
                    out.putIfAbsent(Dirs.real(f), new Policy(c.getFileName().toString(), f));
                }
            }
        }
        return List.copyOf(out.values());
    }

    private static String firstCpu(Path policy, String fallback) {
        try {
            String related = Files.readString(policy.resolve("related_cpus")).trim();
            String first = related.split("[\\s,-]+")[0];
            return first.matches("\\d+") ? first : fallback;
        } catch (IOException e) {
            return fallback;
        }
    }

    /** The EMC rate file, where exposed: bpmp debugfs, Thor's bandwidth manager, or TX2/Nano's legacy clock. */
    static Optional<Path> emcRate(Path sys) {
        for (String rel : List.of("kernel/debug/bpmp/debug/clk/emc/rate", "class/devfreq/bwmgr/cur_freq",
                "kernel/debug/clk/override.emc/clk_rate")) {
            Path p = sys.resolve(rel);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * A thermal zone.
     *
     * @param type the zone's {@code type} ({@code gpu-thermal}, {@code cpu-thermal}, {@code tj-thermal})
     * @param temp its {@code temp} file, millidegrees Celsius
     */
    record ThermalZone(String type, Path temp) {
    }

    /** The thermal zones with a {@code type} and a {@code temp}, PMIC zones skipped as jtop does; names made unique. */
    static List<ThermalZone> thermalZones(Path sys) {
        List<ThermalZone> out = new ArrayList<>();
        List<Path> zones = new ArrayList<>(Dirs.subdirs(sys.resolve("class/thermal"), n -> n.startsWith("thermal_zone")));
        for (Path z : zones) {
            Path type = z.resolve("type");
            Path temp = z.resolve("temp");
            if (!Files.isRegularFile(type) || !Files.isRegularFile(temp)) {
                continue;
            }
            String name;
            try {
                name = Files.readString(type).trim();
            } catch (IOException e) {
                continue;
            }
            if (name.isEmpty() || name.toUpperCase(Locale.ROOT).contains("PMIC")) {
                continue;
            }
            String unique = name;
            for (int k = 2; taken(out, unique); k++) {
                unique = name + "#" + k;
            }
            out.add(new ThermalZone(unique, temp));
        }
        return out;
    }

    private static boolean taken(List<ThermalZone> zones, String name) {
        return zones.stream().anyMatch(z -> z.type().equals(name));
    }
}
