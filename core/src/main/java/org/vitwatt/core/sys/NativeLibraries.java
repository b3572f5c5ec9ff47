package org.vitwatt.core.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The native libraries this process has actually loaded, read from Linux's {@code /proc/self/maps}: which
 * {@code libonnxruntime} (the jar's own copy, or a JetPack build given through
 * {@code -Donnxruntime.native.path}), and the versions of TensorRT, CUDA runtime, cuBLAS and cuDNN behind a
 * GPU session, from the version in their file names ({@code libnvinfer.so.10.3.0}).
 */
public final class NativeLibraries {
    private static final Pattern LIB = Pattern.compile("(/\\S*/)?(lib(?:onnxruntime|onnxruntime_providers_\\w+|nvinfer|"
            + "cudart|cublas|cublasLt|cudnn|nvonnxparser|nvidia-ml)\\.so(?:\\.[0-9.]+)?)\\s*$");

    private final Map<String, String> byName;

    private NativeLibraries(Map<String, String> byName) {
        this.byName = byName;
    }

    /** Libraries loaded by this process now; empty where /proc is absent. */
    public static NativeLibraries current() {
        return read(Path.of("/proc/self/maps"));
    }

    /** Libraries named in a file laid out as {@code /proc/PID/maps} (tests give a recorded one). */
    public static NativeLibraries read(Path maps) {
        Map<String, String> found = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(maps)) {
                Matcher m = LIB.matcher(line);
                if (m.find()) {
                    String file = m.group(2);
                    String base = file.replaceFirst("\\.so.*$", "");
                    String path = (m.group(1) == null ? "" : m.group(1)) + file;
                    // prefer the fully versioned name when a library is mapped under several
                    found.merge(base, path, (a, b) -> b.length() > a.length() ? b : a);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new NativeLibraries(Map.of());
        }
        return new NativeLibraries(found);
    }

    /** Path of the loaded library whose base name is {@code base} (e.g. "libonnxruntime"). */
    public Optional<String> path(String base) {
        return Optional.ofNullable(byName.get(base));
    }

    /** The version in the loaded library's file name ("10.3.0" for libnvinfer.so.10.3.0), if any. */
    public Optional<String> version(String base) {
        String p = byName.get(base);
        if (p == null) {
            return Optional.empty();
        }
        Matcher m = Pattern.compile("\\.so\\.([0-9.]+)$").matcher(p);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Every library found, base name → path. */
    public Map<String, String> all() {
        return Map.copyOf(byName);
    }
}
