package org.vitwatt.core.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * NVIDIA GPUs as the kernel driver describes them, without NVML: {@code /proc/driver/nvidia/version} (driver
 * version) and {@code /proc/driver/nvidia/gpus/<bus>/information} ("Model:" line) on discrete GPUs; on Jetson,
 * where that tree is absent, the board's {@code /proc/device-tree/model}. The root is configurable so tests
 * read a fake tree.
 *
 * @param models GPU model names in bus order
 * @param driver driver version, or empty
 * @param board  Jetson board model, or empty
 */
public record NvidiaDriver(List<String> models, String driver, String board) {
    public NvidiaDriver {
        models = List.copyOf(models);
    }

    /** Reads the real /proc. */
    public static NvidiaDriver current() {
        return read(Path.of("/proc"));
    }

    static NvidiaDriver read(Path proc) {
        List<String> models = new ArrayList<>();
        Path gpus = proc.resolve("driver/nvidia/gpus");
        if (Files.isDirectory(gpus)) {
            try (Stream<Path> s = Files.list(gpus)) {
                for (Path bus : s.sorted().toList()) {
                    field(bus.resolve("information"), "Model:").ifPresent(models::add);
                }
            } catch (IOException e) {
                // leave the list as found so far
            }
        }
        String driver = "";
        try {
            Path v = proc.resolve("driver/nvidia/version");
            if (Files.isReadable(v)) {
                String first = Files.readAllLines(v).get(0);
                Matcher m = Pattern.compile("Kernel Module\\s+(?:for \\S+\\s+)?([0-9.]+)")
                        .matcher(first);
                driver = m.find() ? m.group(1) : first.trim();
            }
        } catch (IOException | RuntimeException e) {
            driver = "";
        }
        String board = "";
        try {
            Path model = proc.resolve("device-tree/model");
            if (Files.isReadable(model)) {
                board = Files.readString(model).replace("\0", "").trim();
            }
        } catch (IOException e) {
            board = "";
        }
        return new NvidiaDriver(models, driver, board);
    }

    private static Optional<String> field(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return Optional.of(line.substring(key.length()).trim());
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The name of GPU {@code index}: its model, else the Jetson board, else "unknown-gpu". */
    public String name(int index) {
        if (index < models.size()) {
            return models.get(index);
        }
        return board.isEmpty() ? "unknown-gpu" : board;
    }
}
