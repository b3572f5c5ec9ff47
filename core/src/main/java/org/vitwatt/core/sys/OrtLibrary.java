package org.vitwatt.core.sys;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vitwatt.feedback.VitwattException;

/**
 * Which ONNX Runtime native library this process really runs: its version and the {@code libonnxruntime} file the
 * process mapped ({@link NativeLibraries}) — the copy ORT Java extracted from its jar into a temporary directory, or a
 * JetPack (or other) build given with {@code -Donnxruntime.native.path=DIR}.
 *
 * <p>ORT Java's loader ({@code ai.onnxruntime.OnnxRuntime}, 1.29.0): with {@code onnxruntime.native.path=DIR} it
 * {@code System.load}s {@code DIR/libonnxruntime.so} and {@code DIR/libonnxruntime4j_jni.so} and fails with "Native
 * library 'X' not found at PATH" when one is absent; provider libraries ({@code libonnxruntime_providers_shared.so},
 * {@code _cuda.so}, {@code _tensorrt.so}) are taken from DIR when there and extracted from the jar otherwise.
 * {@code onnxruntime.native.LIB.path=FILE} replaces a single library, {@code onnxruntime.native.LIB.skip=true} skips
 * it. Without those it extracts the jar's natives for the platform ({@code ai/onnxruntime/native/linux-x64/} ...) into
 * a fresh {@code onnxruntime-java*} temporary directory on every JVM start.
 *
 * @param version    the native library's version ({@code OrtEnvironment.getVersion()})
 * @param path       the {@code libonnxruntime} file mapped into this process; empty where {@code /proc/self/maps}
 *                   cannot be read
 * @param nativePath the {@code onnxruntime.native.path} directory, when given
 */
public record OrtLibrary(String version, Optional<String> path, Optional<String> nativePath) {
    /** ORT Java's system property naming a directory that holds all its native libraries. */
    public static final String NATIVE_PATH = "onnxruntime.native.path";
    /** The two files ORT Java loads from {@link #NATIVE_PATH} (Linux names). */
    static final List<String> REQUIRED = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");

    private static volatile String failure;

    /**
     * Loads ONNX Runtime's natives (if this process has not yet) and says which library it runs. A library that does
     * not load is a {@link VitwattException} whose one-line message says why and what {@code -Donnxruntime.native.path}
     * must hold; the same message again on every later call (the JVM reports only the first failure fully).
     */
    public static OrtLibrary load() {
        String failed = failure;
        if (failed != null) {
            throw new VitwattException(failed);
        }
        String dir = System.getProperty(NATIVE_PATH);
        String version;
        try {
            version = OrtEnvironment.getEnvironment().getVersion();
        } catch (RuntimeException | LinkageError e) {
            String line = loadFailure(e, dir);
            failure = line;
            throw new VitwattException(line);
        }
        return of(version, NativeLibraries.current(), dir);
    }

    static OrtLibrary of(String version, NativeLibraries loaded, String nativePath) {
        return new OrtLibrary(version, loaded.path("libonnxruntime"),
                nativePath == null || nativePath.isBlank() ? Optional.empty() : Optional.of(nativePath));
    }

    /** "ONNX Runtime 1.29.0 from /tmp/onnxruntime-java123/libonnxruntime.so". */
    public String describe() {
        return "ONNX Runtime " + version + path.map(p -> " from " + p)
                .orElse(" (which file: unknown, /proc/self/maps is not readable)");
    }

    /** Whether the library came from an {@code onnxruntime.native.path} directory rather than the jar. */
    public boolean fromNativePath() {
        return nativePath.isPresent() && path.isPresent()
                && Path.of(path.get()).getParent() != null
                && Path.of(path.get()).getParent().normalize().equals(Path.of(nativePath.get()).toAbsolutePath().normalize());
    }

    /** The one line for ORT's natives failing to load with {@code e}, given the native path property (or null). */
    static String loadFailure(Throwable e, String nativePath) {
        String cause = rootMessage(e);
        StringBuilder b = new StringBuilder("ONNX Runtime's native library did not load (").append(cause).append(")");
        if (nativePath != null && !nativePath.isBlank()) {
            Path dir = Path.of(nativePath);
            List<String> absent = new ArrayList<>();
            for (String f : REQUIRED) {
                if (!Files.isRegularFile(dir.resolve(f))) {
                    absent.add(f);
                }
            }
            b.append(": -D").append(NATIVE_PATH).append('=').append(nativePath);
            if (!Files.isDirectory(dir)) {
                b.append(" is not a directory;");
            } else if (!absent.isEmpty()) {
                b.append(" lacks ").append(String.join(" and ", absent)).append(';');
            } else {
                b.append(" holds both libraries, so they do not fit this machine or each other;");
            }
            b.append(" it must hold libonnxruntime.so and libonnxruntime4j_jni.so from one ONNX Runtime build for this"
                    + " CPU, with Java enabled (--build_java) and of the version vitwatt was built with (pom.xml "
                    + "onnxruntime.version; see docs/gpu.md)");
        } else {
            b.append(": this jar may have no natives for ").append(System.getProperty("os.name")).append(' ')
                    .append(System.getProperty("os.arch")).append("; point -D").append(NATIVE_PATH)
                    .append("=DIR at an ONNX Runtime build for it (see docs/gpu.md)");
        }
        return b.toString();
    }

    private static String rootMessage(Throwable e) {
        String msg = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                msg = t.getMessage();
            }
        }
        if (msg == null) {
            msg = e.getClass().getSimpleName();
        }
        return msg.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse(msg);
    }
}
