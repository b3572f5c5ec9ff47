package org.vitwatt.power.jetson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.vitwatt.feedback.VitwattException;

/**
 * An NVIDIA Jetson board's power mode ({@link NvpModel}) and DVFS frequencies ({@link JetsonFrequencies}, at the places
 * {@link JetsonSysfs} names), read once from files under a root directory ({@code /} on the board, a fake tree in tests)
 * — no {@code nvpmodel} binary, no root for the mode and the GPU and CPU clocks. A value that cannot be read is empty,
 * never 0, and {@link #unavailable()} says why.
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

    private final Path root;
    private final boolean jetson;
    private final NvpModel nvpmodel;
    private final Optional<Path> gpuDir;
    private final Optional<Frequency> gpu;
    private final List<Frequency> cpus;
    private final Optional<Frequency> emc;
    private final List<String> unavailable;

    private JetsonState(Path root, boolean jetson, NvpModel nvpmodel, Optional<Path> gpuDir, Optional<Frequency> gpu,
            List<Frequency> cpus, Optional<Frequency> emc, List<String> unavailable) {
        this.root = root;
        this.jetson = jetson;
        this.nvpmodel = nvpmodel;
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
        boolean jetson = Files.exists(root.resolve("etc/nvpmodel.conf"))
                || Files.exists(root.resolve("etc/nv_tegra_release"))
                || JetsonFrequencies.text(root.resolve("proc/device-tree/compatible"), gaps)
                        .map(s -> s.contains("nvidia,tegra")).orElse(false);
        if (!jetson) {
            return new JetsonState(root, false, NvpModel.none(root), Optional.empty(), Optional.empty(), List.of(),
                    Optional.empty(), List.of());
        }
        NvpModel nvpmodel = NvpModel.read(root, gaps);
        Optional<Path> gpuDir = JetsonSysfs.gpu(root.resolve("sys"));
        Optional<Frequency> gpu = gpuDir.map(d -> JetsonFrequencies.devfreq("gpu", d, gaps));
        if (gpuDir.isEmpty()) {
            gaps.add("gpu frequency: no GPU devfreq device under " + root.resolve("sys/class/devfreq"));
        }
        return new JetsonState(root, true, nvpmodel, gpuDir, gpu, JetsonFrequencies.cpus(root, gaps),
                JetsonFrequencies.emc(root, gaps), gaps);
    }

    /** Whether this is a Jetson: {@code /etc/nvpmodel.conf}, {@code /etc/nv_tegra_release} or a Tegra device tree. */
    public boolean isJetson() {
        return jetson;
    }

    /** The power modes {@code /etc/nvpmodel.conf} defines, in file order. */
    public List<PowerMode> modes() {
        return nvpmodel.modes;
    }

    /** The boot default mode id ({@code PM_CONFIG DEFAULT}). */
    public OptionalInt defaultMode() {
        return nvpmodel.defaultMode;
    }

    /** The power mode the board is in now. */
    public Optional<PowerMode> powerMode() {
        return nvpmodel.mode;
    }

    /** Where {@link #powerMode()} was read: the status file, or the config's default when there is none. */
    public String powerModeSource() {
        return nvpmodel.source;
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

    /** The directory this state was read under ({@code /} on the board). */
    public Path root() {
        return root;
    }

    /**
     * Whether the board is in power mode {@code wanted} (a name such as "MAXN" or "15W", matched without case and with
     * or without nvpmodel's "MODE_" prefix, or a mode id): empty when it is, else one line naming the current mode and
     * the command that switches. Asking on a machine that is not a Jetson, for a mode the board does not define, or
     * where the current mode cannot be read, is a {@link VitwattException} that says so.
     */
    public Optional<String> powerModeMismatch(String wanted) {
        return nvpmodel.mismatch(wanted, jetson, unavailable);
    }

    /** Reads a sysfs frequency file (a whole number); empty when absent, unreadable or not a number. */
    public static OptionalLong readHz(Path file) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
