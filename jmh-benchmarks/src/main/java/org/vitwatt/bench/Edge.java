package org.vitwatt.bench;

import java.nio.file.Path;
import org.vitwatt.core.sys.DeviceMetrics;
import org.vitwatt.core.trial.TrialEnvironment;
import org.vitwatt.feedback.Progress;
import org.vitwatt.power.PowerOptions;

/**
 * The composition root of benchmarks.jar: where system properties and the machine are read, once per JVM, and where
 * library progress gets its {@code vitwatt: } prefix on stderr. Everything below receives what it needs from here.
 */
final class Edge {
    /** System property naming the NVML library (default {@code libnvidia-ml.so.1}); forks inherit it. */
    static final String NVML_LIB = "vitwatt.nvmlLib";
    /** Progress and warnings of library code, as the user sees them. */
    static final Progress STDERR = Progress.prefixed("vitwatt: ", System.err);

    private static TrialEnvironment environment;
    private static DeviceMetrics deviceMetrics;

    private Edge() {
    }

    /** This JVM's trial environment, read from the system on first use. */
    static synchronized TrialEnvironment environment() {
        if (environment == null) {
            environment = TrialEnvironment.fromSystem(STDERR, nvmlLib());
        }
        return environment;
    }

    /** This JVM's reader of per-iteration device figures. */
    static synchronized DeviceMetrics deviceMetrics() {
        if (deviceMetrics == null) {
            deviceMetrics = new DeviceMetrics(nvmlLib(), Path.of("/"));
        }
        return deviceMetrics;
    }

    /** The NVML library to use: {@code -Dvitwatt.nvmlLib}, else {@code libnvidia-ml.so.1}. */
    static String nvmlLib() {
        String p = System.getProperty(NVML_LIB);
        return p == null || p.isBlank() ? PowerOptions.DEFAULT_NVML_LIB : p.trim();
    }
}
