package org.vitwatt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.bench.journal.JournalReader;

/**
 * The journal's promises, tested on the real benchmarks.jar: a run killed with SIGKILL at benchmark k of n
 * keeps k results, resuming runs only the rest, and a journal that hits a file-size limit says so and the
 * run goes on with what was written kept.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JournalIT {
    static final Path JAR = Path.of("target", "benchmarks.jar");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    static final List<String> MATRIX = List.of("Inference", "-p", "model=deit_tiny", "-p", "batch=1,2,3", "-p",
            "threads=1", "-f", "1", "-wi", "0", "-i", "1", "-r", "1");

    @TempDir
    static Path tmp;

    static List<String> java(String... props) {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "-Dvitwatt.cache=" + tmp.resolve("cache"),
                BenchmarksJarIT.ownJmhLock(tmp)));
        cmd.addAll(List.of(props));
        cmd.addAll(List.of("-jar", JAR.toString()));
        return cmd;
    }

    static long benchmarkLines(Path journal) throws Exception {
        if (!Files.exists(journal)) {
            return 0;
        }
        return Files.readAllLines(journal).stream().filter(l -> l.contains("\"type\":\"benchmark\"")).count();
    }

    @Test
    @Order(1)
    void killedAtBenchmarkTwoOfThreeKeepsTwoAndResumeRunsTheThird() throws Exception {
        Path json = tmp.resolve("night.json");
        Path journal = tmp.resolve("night.journal.jsonl");
        List<String> cmd = java();
        cmd.addAll(MATRIX);
        cmd.addAll(List.of("-rf", "json", "-rff", json.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("run1.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (benchmarkLines(journal) < 2 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(p.isAlive(), "still running when the second benchmark was journaled");
        // SIGKILL, no shutdown hooks: the launcher first (so it cannot go on after its fork dies), then the fork
        List<ProcessHandle> fork = p.descendants().toList();
        p.destroyForcibly().waitFor();
        fork.forEach(ProcessHandle::destroyForcibly);
        assertEquals(2, benchmarkLines(journal), "the journal keeps the two finished benchmarks");
        assertTrue(!Files.exists(json) || !Files.readString(json).contains("primaryMetric"),
                "JMH never got to write its results");
        JournalReader r = JournalReader.read(journal);
        assertEquals(2, r.finished().size());
        assertTrue(r.records().stream().noneMatch(x -> x.get("type").getAsString().equals("end")));

        List<String> again = java("-Dvitwatt.resume=true");
        again.addAll(MATRIX);
        again.addAll(List.of("-rf", "json", "-rff", json.toString()));
        Process q = new ProcessBuilder(again).redirectErrorStream(true).redirectOutput(tmp.resolve("run2.log").toFile())
                .start();
        assertTrue(q.waitFor(4, TimeUnit.MINUTES));
        String log = Files.readString(tmp.resolve("run2.log"));
        assertEquals(0, q.exitValue(), log);
        assertTrue(log.contains("vitwatt: resuming from " + journal + ": 2 of 3 benchmark(s) already done, 1 to run"),
                log);
        assertEquals(1, log.lines().filter(l -> l.startsWith("# Parameters:")).count(), "only the third ran");
        JsonArray merged = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
        assertEquals(3, merged.size(), "old and new results in one JSON");
        assertEquals(3, JournalReader.read(journal).finished().size());
    }

    @Test
    @Order(2)
    void fullDiskSaysSoAndKeepsWhatWasWritten() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for ulimit");
        // ONNX Runtime's and JNA's natives are unpacked here first: under the file-size limit they could not be
        Path natives = Files.createDirectories(tmp.resolve("natives"));
        try (ZipFile z = new ZipFile(JAR.toFile())) {
            for (String entry : List.of("ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                    "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so", "com/sun/jna/linux-x86-64/libjnidispatch.so")) {
                ZipEntry e = z.getEntry(entry);
                assumeTrue(e != null, "linux-x64 natives only");
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, natives.resolve(Path.of(entry).getFileName().toString()));
                }
            }
        }
        // the caches (model, value shapes) are filled before the limit, as after any earlier run: the limit is for
        // the journal
        List<String> warm = java("-Dvitwatt.journal=" + tmp.resolve("warm.journal.jsonl"));
        warm.addAll(MATRIX);
        Process w = new ProcessBuilder(warm).redirectErrorStream(true).redirectOutput(tmp.resolve("warm.log").toFile())
                .start();
        assertTrue(w.waitFor(4, TimeUnit.MINUTES));
        assertEquals(0, w.exitValue(), Files.readString(tmp.resolve("warm.log"), StandardCharsets.UTF_8));
        Path journal = tmp.resolve("full.journal.jsonl");
        List<String> cmd = java("-Donnxruntime.native.path=" + natives, "-Djna.boot.library.path=" + natives,
                "-Djna.nounpack=true", "-Dvitwatt.journal=" + journal);
        cmd.addAll(MATRIX);
        StringBuilder line = new StringBuilder("ulimit -f 8; exec");
        for (String c : cmd) {
            line.append(" '").append(c.replace("'", "'\\''")).append("'");
        }
        Process p = new ProcessBuilder("/bin/bash", "-c", line.toString()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("full.log").toFile()).start();
        assertTrue(p.waitFor(4, TimeUnit.MINUTES));
        String log = Files.readString(tmp.resolve("full.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("vitwatt: cannot write the journal " + journal + " (File too large): the run goes "
                + "on without it"), log);
        assertEquals(3, log.lines().filter(l -> l.startsWith("# Parameters:")).count(), "the run went on: " + log);
        // ONNX Runtime's profile for the harness overhead cannot be written under the limit either: said, not fatal
        assertTrue(log.contains("vitwatt: warning: measuring the harness overhead of deit_tiny_patch16_224 failed: "),
                log);
        assertTrue(log.contains("; the benchmark goes on without harness.* figures"), log);
        assertTrue(log.contains("Result \"org.vitwatt.bench.InferenceBenchmark.infer\""), "results still printed");
        assertTrue(Files.size(journal) <= 8 * 1024);
        JournalReader r = JournalReader.read(journal);
        assertTrue(r.records().size() >= 2, "the run record and what followed it are kept");
        assertEquals("run", r.records().get(0).get("type").getAsString());
        assertTrue(r.warnings().size() <= 1, "at most the line cut by the limit is unreadable: " + r.warnings());
    }
}
