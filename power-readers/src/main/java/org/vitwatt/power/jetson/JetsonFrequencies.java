package org.vitwatt.power.jetson;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Reads a Jetson's DVFS state once, as {@link JetsonState.Frequency} records, from the places {@link JetsonSysfs} names:
 * the GPU devfreq device (Hz), each online CPU's cpufreq (kHz, reported in Hz), the EMC clock (Hz). A value that
 * cannot be read is empty and a "what: why" entry is added to the gaps; an absent file is a gap too, a missing optional
 * file (an offline CPU's {@code online}) is not.
 */
final class JetsonFrequencies {
    private JetsonFrequencies() {
    }

    static JetsonState.Frequency devfreq(String label, Path d, List<String> gaps) {
        return new JetsonState.Frequency(label, hz(d.resolve("cur_freq"), 1, label, gaps), hz(d.resolve("min_freq"), 1, label, gaps),
                hz(d.resolve("max_freq"), 1, label, gaps), text(d.resolve("governor"), gaps).map(String::trim));
    }

    static List<JetsonState.Frequency> cpus(Path root, List<String> gaps) {
        Path base = root.resolve("sys/devices/system/cpu");
        List<JetsonState.Frequency> out = new ArrayList<>();
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
            out.add(new JetsonState.Frequency(name, hz(f.resolve("scaling_cur_freq"), 1000, name, gaps),
                    hz(f.resolve("scaling_min_freq"), 1000, name, gaps), hz(f.resolve("scaling_max_freq"), 1000, name,
                    gaps), text(f.resolve("scaling_governor"), gaps).map(String::trim)));
        }
        return out;
    }

    static Optional<JetsonState.Frequency> emc(Path root, List<String> gaps) {
        Path bpmp = root.resolve("sys/kernel/debug/bpmp/debug/clk/emc");
        Path bwmgr = root.resolve("sys/class/devfreq/bwmgr");
        Path legacy = root.resolve("sys/kernel/debug/clk/override.emc");
        if (Files.isDirectory(bpmp)) {
            return Optional.of(new JetsonState.Frequency("emc", hz(bpmp.resolve("rate"), 1, "emc", gaps),
                    hz(bpmp.resolve("min_rate"), 1, "emc", gaps), hz(bpmp.resolve("max_rate"), 1, "emc", gaps),
                    Optional.empty()));
        }
        if (Files.isDirectory(bwmgr)) {
            return Optional.of(devfreq("emc", bwmgr, gaps));
        }
        if (Files.isDirectory(legacy)) {
            return Optional.of(new JetsonState.Frequency("emc", hz(legacy.resolve("clk_rate"), 1, "emc", gaps), OptionalLong.empty(),
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
    static Optional<String> text(Path file, List<String> gaps) {
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
