package org.vitwatt.power.jetson;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.vitwatt.feedback.VitwattException;

/**
 * An NVIDIA Jetson board's power mode (nvpmodel) and DVFS frequencies, read from files under a root directory ({@code /}
 * on the board, a fake tree in tests) — no {@code nvpmodel} binary, no root for the mode and the GPU and CPU clocks.
 *
 * <ul>
 *   <li><b>Power mode.</b> {@code /etc/nvpmodel.conf} lists the modes as {@code < POWER_MODEL ID=0 NAME=MAXN >} (the
 *       attributes in either order) and the boot default as {@code < PM_CONFIG DEFAULT=2 >}; {@code nvpmodel} records
 *       the mode it last set in {@code /var/lib/nvpmodel/status} as {@code pmode:0002}, and applies the default when
 *       that file is absent. jetson-stats ({@code jtop/core/nvpmodel.py}, rbonghi/jetson_stats) gets the same facts by
 *       running {@code nvpmodel -p --verbose} ({@code POWER_MODEL: ID=(\d+) NAME=(\w+)},
 *       {@code PM_CONFIG: DEFAULT=(\w+)\((\d+)\)}) and {@code nvpmodel -q} ({@code NV Power Mode: NAME}, then the id on
 *       the next line); those commands read these two files.</li>
 *   <li><b>GPU.</b> The devfreq device under {@code /sys/class/devfreq/} whose {@code device/of_node/name} is
 *       {@code gv11b}, {@code gp10b}, {@code ga10b}, {@code gb10b} or contains "gpu", or Thor's {@code gpu-gpc-0}
 *       (jtop {@code core/gpu.py}: {@code find_igpu}, {@code KNOWN_GPU_DEVICE_NAMES}, {@code THOR_GPC}):
 *       {@code cur_freq}, {@code min_freq}, {@code max_freq} in Hz and {@code governor}.</li>
 *   <li><b>CPU.</b> {@code /sys/devices/system/cpu/cpuN/cpufreq/scaling_cur_freq}, {@code scaling_min_freq},
 *       {@code scaling_max_freq} in kHz and {@code scaling_governor}, for CPUs whose {@code online} is 1 (jtop
 *       {@code core/cpu.py}).</li>
 *   <li><b>EMC</b> (memory clock), where exposed: {@code /sys/kernel/debug/bpmp/debug/clk/emc/rate} (Xavier, Orin;
 *       debugfs, root only), {@code /sys/class/devfreq/bwmgr/cur_freq} (Thor), or
 *       {@code /sys/kernel/debug/clk/override.emc/clk_rate} (TX2, Nano), in Hz (jtop {@code core/memory.py},
 *       {@code read_emc}).</li>
 * </ul>
 * A value that cannot be read is empty, never 0, and {@link #unavailable()} says why.
 */
public final class JetsonState {
    /** A power mode of {@code /etc/nvpmodel.conf}. */
    public record PowerMode(int id, String name) {
        @Override
        public String toString() {
            return name.isEmpty() ? "mode " + id : name + " (id " + id + ")";
        }
    }

    /**
     * A clock's DVFS state; frequencies in Hz, empty where not readable.
     *
     * @param name     "gpu", "cpu3", "emc"
     * @param current  the current frequency
     * @param min      the lowest the governor may choose now
     * @param max      the highest the governor may choose now (the power mode caps it)
     * @param governor the DVFS governor, e.g. "nvhost_podgov", "schedutil"
     */
    public record Frequency(String name, OptionalLong current, OptionalLong min, OptionalLong max,
            Optional<String> governor) {
        /** The current frequency in MHz. */
        public Optional<Double> currentMHz() {
            return current.isPresent() ? Optional.of(current.getAsLong() / 1e6) : Optional.empty();
        }
    }

    static final List<String> GPU_NAMES = List.of("gv11b", "gp10b", "ga10b", "gb10b", "gpu");
    private static final Pattern POWER_MODEL = Pattern.compile("^\\s*<\\s*POWER_MODEL\\b(.*?)>");
    private static final Pattern PM_DEFAULT = Pattern.compile("^\\s*<\\s*PM_CONFIG\\b.*?\\bDEFAULT=(\\d+)");
    private static final Pattern ID = Pattern.compile("\\bID=(\\d+)");
    private static final Pattern NAME = Pattern.compile("\\bNAME=([^\\s>]+)");
    private static final Pattern PMODE = Pattern.compile("pmode:(\\d+)");

    private final Path root;
    private final boolean jetson;
    private final List<PowerMode> modes;
    private final OptionalInt defaultMode;
    private final Optional<PowerMode> powerMode;
    private final String powerModeSource;
    private final Optional<Path> gpuDir;
    private final Optional<Frequency> gpu;
    private final List<Frequency> cpus;
    private final Optional<Frequency> emc;
    private final List<String> unavailable;

    private JetsonState(Path root, boolean jetson, List<PowerMode> modes, OptionalInt defaultMode,
            Optional<PowerMode> powerMode, String powerModeSource, Optional<Path> gpuDir, Optional<Frequency> gpu,
            List<Frequency> cpus, Optional<Frequency> emc, List<String> unavailable) {
        this.root = root;
        this.jetson = jetson;
        this.modes = List.copyOf(modes);
        this.defaultMode = defaultMode;
        this.powerMode = powerMode;
        this.powerModeSource = powerModeSource;
        this.gpuDir = gpuDir;
        this.gpu = gpu;
        this.cpus = List.copyOf(cpus);
        this.emc = emc;
        this.unavailable = List.copyOf(unavailable);
    }

    /** This machine's state (root {@code /}). */
    public static JetsonState current() {
        return read(Path.of("/"));
    }

    /** The state as the files under {@code root} describe it. */
    public static JetsonState read(Path root) {
        List<String> gaps = new ArrayList<>();
        Path conf = root.resolve("etc/nvpmodel.conf");
        Path status = root.resolve("var/lib/nvpmodel/status");
        boolean jetson = Files.exists(conf) || Files.exists(root.resolve("etc/nv_tegra_release"))
                || text(root.resolve("proc/device-tree/compatible"), gaps).map(s -> s.contains("nvidia,tegra"))
                        .orElse(false);
        if (!jetson) {
            return new JetsonState(root, false, List.of(), OptionalInt.empty(), Optional.empty(), "", Optional.empty(),
                    Optional.empty(), List.of(), Optional.empty(), List.of());
        }
        List<PowerMode> modes = new ArrayList<>();
        OptionalInt dflt = OptionalInt.empty();
        Optional<String> confText = text(conf, gaps);
        if (confText.isPresent()) {
            for (String line : confText.get().lines().toList()) {
                if (line.trim().startsWith("#")) {
                    continue;
                }
                Matcher m = POWER_MODEL.matcher(line);
                if (m.find()) {
                    Matcher id = ID.matcher(m.group(1));
                    Matcher name = NAME.matcher(m.group(1));
                    if (id.find()) {
                        modes.add(new PowerMode(Integer.parseInt(id.group(1)), name.find() ? name.group(1) : ""));
                    }
                    continue;
                }
                Matcher d = PM_DEFAULT.matcher(line);
                if (d.find()) {
                    dflt = OptionalInt.of(Integer.parseInt(d.group(1)));
                }
            }
        } else if (!Files.exists(conf)) {
            gaps.add("power mode: " + conf + " does not exist (this board has no nvpmodel)");
        }
        Optional<PowerMode> mode = Optional.empty();
        String source = "";
        Optional<String> st = text(status, gaps);
        Matcher pm = PMODE.matcher(st.orElse(""));
        if (pm.find()) {
            mode = Optional.of(mode(modes, Integer.parseInt(pm.group(1))));
            source = status.toString();
        } else if (st.isPresent()) {
            gaps.add("power mode: " + status + " has no pmode:N (" + st.get().trim() + ")");
        } else if (dflt.isPresent() && !Files.exists(status)) {
            mode = Optional.of(mode(modes, dflt.getAsInt()));
            source = conf + " DEFAULT (no " + status + ": nvpmodel applies the default)";
        }
        Optional<Path> gpuDir = findGpu(root.resolve("sys/class/devfreq"));
        Optional<Frequency> gpu = gpuDir.map(d -> devfreq("gpu", d, gaps));
        if (gpuDir.isEmpty()) {
            gaps.add("gpu frequency: no GPU devfreq device under " + root.resolve("sys/class/devfreq"));
        }
        return new JetsonState(root, true, modes, dflt, mode, source, gpuDir, gpu, cpus(root, gaps), emc(root, gaps),
                gaps);
    }

    private static PowerMode mode(List<PowerMode> modes, int id) {
        return modes.stream().filter(m -> m.id() == id).findFirst().orElse(new PowerMode(id, ""));
    }

    /** Whether this is a Jetson: {@code /etc/nvpmodel.conf}, {@code /etc/nv_tegra_release} or a Tegra device tree. */
    public boolean isJetson() {
        return jetson;
    }

    /** The power modes {@code /etc/nvpmodel.conf} defines, in file order. */
    public List<PowerMode> modes() {
        return modes;
    }

    /** The boot default mode id ({@code PM_CONFIG DEFAULT}). */
    public OptionalInt defaultMode() {
        return defaultMode;
    }

    /** The power mode the board is in now. */
    public Optional<PowerMode> powerMode() {
        return powerMode;
    }

    /** Where {@link #powerMode()} was read: the status file, or the config's default when there is none. */
    public String powerModeSource() {
        return powerModeSource;
    }

    /** The GPU's DVFS state. */
    public Optional<Frequency> gpu() {
        return gpu;
    }

    /** The GPU's {@code cur_freq} file, for re-reading the clock (see {@link #readHz}). */
    public Optional<Path> gpuCurrentFrequencyFile() {
        return gpuDir.map(d -> d.resolve("cur_freq"));
    }

    /** The online CPUs' DVFS state, by CPU number. */
    public List<Frequency> cpus() {
        return cpus;
    }

    /** The memory (EMC) clock, where exposed. */
    public Optional<Frequency> emc() {
        return emc;
    }

    /** One "what: why" entry per value that could not be read. */
    public List<String> unavailable() {
        return unavailable;
    }

    /**
     * Whether the board is in power mode {@code wanted} (a name such as "MAXN" or "15W", matched without case and with
     * or without nvpmodel's "MODE_" prefix, or a mode id): empty when it is, else one line naming the current mode and
     * the command that switches. Asking on a machine that is not a Jetson, for a mode the board does not define, or
     * where the current mode cannot be read, is a {@link VitwattException} that says so.
     */
    public Optional<String> powerModeMismatch(String wanted) {
        String w = wanted == null ? "" : wanted.trim();
        if (w.isEmpty()) {
            throw new VitwattException("power mode '': give a mode name such as MAXN, or a mode id");
        }
        if (!jetson) {
            throw new VitwattException("power mode '" + w + "' asked for, but this machine is not an NVIDIA Jetson (no "
                    + root.resolve("etc/nvpmodel.conf") + " or " + root.resolve("etc/nv_tegra_release")
                    + "): nvpmodel power modes exist only on Jetson boards");
        }
        if (modes.isEmpty()) {
            throw new VitwattException("power mode '" + w + "' asked for, but " + root.resolve("etc/nvpmodel.conf")
                    + " defines no POWER_MODEL: this board has no nvpmodel power modes");
        }
        PowerMode target = find(w).orElseThrow(() -> new VitwattException("power mode '" + w + "' is not one of this "
                + "board's modes: " + modes.stream().map(m -> m.id() + "=" + m.name()).collect(Collectors.joining(", "))));
        PowerMode now = powerMode.orElseThrow(() -> new VitwattException("power mode '" + w + "' asked for, but the "
                + "current mode cannot be read (" + unavailable.stream().filter(s -> s.startsWith("power mode"))
                        .findFirst().orElse("no " + root.resolve("var/lib/nvpmodel/status")) + "); check with "
                + "'nvpmodel -q'"));
        if (now.id() == target.id()) {
            return Optional.empty();
        }
        return Optional.of("the board is in power mode " + now + ", not " + target + ": switch with 'sudo nvpmodel -m "
                + target.id() + "' (it may ask to reboot) and run again");
    }

    private Optional<PowerMode> find(String w) {
        if (w.matches("\\d+")) {
            int id = Integer.parseInt(w);
            return modes.stream().filter(m -> m.id() == id).findFirst();
        }
        String n = normal(w);
        return modes.stream().filter(m -> normal(m.name()).equals(n)).findFirst();
    }

    /** "MODE_15W", "mode 15w" and "15W" alike. */
    static String normal(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace(' ', '_');
        return n.startsWith("MODE_") ? n.substring(5) : n;
    }

    /** Reads a sysfs frequency file (a whole number); empty when absent, unreadable or not a number. */
    public static OptionalLong readHz(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    // ---- readers ----

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

    private static Frequency devfreq(String label, Path d, List<String> gaps) {
        return new Frequency(label, hz(d.resolve("cur_freq"), 1, label, gaps), hz(d.resolve("min_freq"), 1, label, gaps),
                hz(d.resolve("max_freq"), 1, label, gaps), text(d.resolve("governor"), gaps).map(String::trim));
    }

    private static List<Frequency> cpus(Path root, List<String> gaps) {
        Path base = root.resolve("sys/devices/system/cpu");
        List<Frequency> out = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            gaps.add("cpu frequency: no " + base);
            return out;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(base)) {
            dirs = s.filter(p -> p.getFileName().toString().matches("cpu\\d+"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(3))))
                    .toList();
        } catch (IOException e) {
            gaps.add("cpu frequency: cannot list " + base + " (" + e.getMessage() + ")");
            return out;
        }
        for (Path d : dirs) {
            String name = d.getFileName().toString();
            Optional<String> online = text(d.resolve("online"), new ArrayList<>());
            if (online.isPresent() && !online.get().trim().equals("1")) {
                continue;
            }
            Path f = d.resolve("cpufreq");
            if (!Files.isDirectory(f)) {
                gaps.add(name + " frequency: no " + f);
                continue;
            }
            out.add(new Frequency(name, hz(f.resolve("scaling_cur_freq"), 1000, name, gaps),
                    hz(f.resolve("scaling_min_freq"), 1000, name, gaps), hz(f.resolve("scaling_max_freq"), 1000, name,
                    gaps), text(f.resolve("scaling_governor"), gaps).map(String::trim)));
        }
        return out;
    }

    private static Optional<Frequency> emc(Path root, List<String> gaps) {
        Path bpmp = root.resolve("sys/kernel/debug/bpmp/debug/clk/emc");
        Path bwmgr = root.resolve("sys/class/devfreq/bwmgr");
        Path legacy = root.resolve("sys/kernel/debug/clk/override.emc");
        if (Files.isDirectory(bpmp)) {
            return Optional.of(new Frequency("emc", hz(bpmp.resolve("rate"), 1, "emc", gaps),
                    hz(bpmp.resolve("min_rate"), 1, "emc", gaps), hz(bpmp.resolve("max_rate"), 1, "emc", gaps),
                    Optional.empty()));
        }
        if (Files.isDirectory(bwmgr)) {
            return Optional.of(devfreq("emc", bwmgr, gaps));
        }
        if (Files.isDirectory(legacy)) {
            return Optional.of(new Frequency("emc", hz(legacy.resolve("clk_rate"), 1, "emc", gaps), OptionalLong.empty(),
                    OptionalLong.empty(), Optional.empty()));
        }
        gaps.add("emc frequency: not exposed (" + bpmp + " needs root and debugfs)");
        return Optional.empty();
    }

    private static OptionalLong hz(Path file, long scale, String what, List<String> gaps) {
        if (!Files.exists(file)) {
            gaps.add(what + ": no " + file);
            return OptionalLong.empty();
        }
        Optional<String> t = text(file, gaps);
        if (t.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Math.multiplyExact(Long.parseLong(t.get().trim()), scale));
        } catch (NumberFormatException | ArithmeticException e) {
            gaps.add(what + ": " + file + " holds '" + t.get().trim() + "', not a frequency");
            return OptionalLong.empty();
        }
    }

    /** A file's text; absent files are silently empty, unreadable ones are noted. */
    private static Optional<String> text(Path file, List<String> gaps) {
        try {
            return Optional.of(Files.readString(file).replace("\0", ""));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            gaps.add(file + ": permission denied");
            return Optional.empty();
        } catch (IOException e) {
            if (Files.exists(file)) {
                gaps.add(file + ": " + e.getMessage());
            }
            return Optional.empty();
        }
    }
}
