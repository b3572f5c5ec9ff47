package org.vitwatt.bench.journal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.util.Version;
import org.vitwatt.core.sys.Machine;
import org.vitwatt.core.sys.NvidiaDriver;
import org.vitwatt.results.RecordType;

/** The journal's first record of a run: run id, arguments, versions and the device it ran on. */
public final class RunRecord {
    private RunRecord() {
    }

    /** A run id: the start time and a random suffix, unique across a fleet's nights. */
    public static String newRunId(Instant start) {
        return start.toString() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16) | 1 << 16)
                .substring(1);
    }

    public static JsonObject of(String runId, Instant started, List<String> args, Map<String, String> extraDevice) {
        JsonObject r = new JsonObject();
        r.addProperty(RecordType.FIELD, RecordType.RUN.id());
        r.addProperty("runId", runId);
        r.addProperty("started", started.toString());
        JsonArray a = new JsonArray();
        args.forEach(a::add);
        r.add("args", a);
        String v = RunRecord.class.getPackage().getImplementationVersion();
        r.addProperty("vitwatt", v == null ? "dev" : v);
        r.addProperty("git", gitCommit());
        JsonObject device = new JsonObject();
        try {
            Machine si = Machine.collect();
            r.addProperty("ort", si.ortVersion());
            si.asMap().forEach(device::addProperty);
        } catch (RuntimeException | LinkageError e) {
            // a machine we cannot describe is still a machine we can measure: say what failed
            device.addProperty("error", "system information unavailable: " + e);
        }
        r.addProperty("jmh", Version.getPlainVersion()); // from jmh.properties: the shaded
        // jar's manifest carries vitwatt's version, not JMH's
        NvidiaDriver gpu = NvidiaDriver.current();
        if (!gpu.models().isEmpty()) {
            device.addProperty("gpu", String.join(", ", gpu.models()));
        }
        if (!gpu.driver().isEmpty()) {
            device.addProperty("driver", gpu.driver());
        }
        if (!gpu.board().isEmpty()) {
            device.addProperty("board", gpu.board());
        }
        extraDevice.forEach(device::addProperty);
        r.add("device", device);
        return r;
    }

    /**
     * The commit being measured: {@code -Dvitwatt.git}, else {@code git rev-parse --short HEAD} in the working
     * directory, else "unknown".
     */
    static String gitCommit() {
        String prop = System.getProperty("vitwatt.git");
        if (prop != null && !prop.isBlank()) {
            return prop.trim();
        }
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            p.destroyForcibly();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }
}
