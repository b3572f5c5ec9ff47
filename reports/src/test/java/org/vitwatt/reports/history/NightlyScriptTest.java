package org.vitwatt.reports.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;
import org.vitwatt.reports.input.Journal;
import org.vitwatt.results.JournalFiles;

/**
 * scripts/nightly.sh end to end, with a stub in place of benchmarks.jar (VITWATT_BENCH): it writes each line's
 * JSON and journal from prepared nights, can crash half-way (a partial journal, exit 137) or print a JMH
 * {@code <failure>}, and logs how it was called. The reports run from the test classpath (VITWATT_REPORTS).
 */
class NightlyScriptTest {
    static final String STUB = """
            #!/usr/bin/env bash
            # A stand-in for benchmarks.jar: copies $STUB_SRC/<night>/run-N.{json,journal.jsonl} to -rff's file.
            { printf 'resume=%s opts=%s args=' "${VITWATT_RESUME:-}" "${JAVA_OPTS:-}"; printf '[%s]' "$@"; echo; } >> "$STUB_LOG"
            out=""
            while [ $# -gt 0 ]; do [ "$1" = "-rff" ] && out="$2"; shift; done
            src="$STUB_SRC/$STUB_NIGHT/$(basename "$out" .json)"
            journal="${out%.json}.journal.jsonl"
            if [ -f "$src.crash" ] && [ "${VITWATT_RESUME:-false}" != true ]; then
              head -n "$(cat "$src.crash")" "$src.journal.jsonl" > "$journal"
              echo "# Run progress: 50.00% complete"; echo "Killed"
              exit 137
            fi
            cp "$src.journal.jsonl" "$journal"
            cp "$src.json" "$out"
            if [ -f "$src.failure" ]; then printf '<failure>\\n\\njava.lang.IllegalStateException: boom\\n'; fi
            exit 0
            """;

    @TempDir
    Path dir;
    Path script;
    Path src;
    Path matrix;
    Path stubLog;
    Map<String, String> env = new HashMap<>();

    @BeforeEach
    void setUp() throws IOException {
        Path here = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        script = here.getParent().resolve("scripts/nightly.sh");
        assertTrue(Files.isRegularFile(script), script + " exists");
        src = Files.createDirectories(dir.resolve("src"));
        Path stub = Files.writeString(dir.resolve("stub-bench.sh"), STUB);
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        matrix = Files.writeString(dir.resolve("matrix"), """
                # nightly matrix for the test
                Inference -p model=deit_tiny -p "precision=fp32" -f 1

                   # an indented comment
                Inference -p model=deit_small -jvmArgs "-Xmx1g -Dx=a b" -f 1
                """);
        stubLog = dir.resolve("stub.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        env.put("VITWATT_BENCH", stub.toString());
        env.put("VITWATT_REPORTS", java + " -Djava.awt.headless=true -XX:TieredStopAtLevel=1 -cp "
                + System.getProperty("java.class.path") + " org.vitwatt.reports.cli.ReportsCli");
        env.put("STUB_SRC", src.toString());
        env.put("STUB_LOG", stubLog.toString());
        env.put("JAVA_OPTS", "-Dvitwatt.git=test");
        env.remove("VITWATT_DB");
    }

    /** The two lines' results of one night: line 1 deit_tiny, line 2 deit_small, latency × factor. */
    private void night(String night, String started, double tinyFactor) {
        Path d = src.resolve(night);
        List<JsonObject> all = HistoryFixtures.results(1, 0.001, null);
        List<JsonObject> tiny = new ArrayList<>();
        List<JsonObject> small = new ArrayList<>();
        for (JsonObject r : all) {
            String model = r.getAsJsonObject("params").get("model").getAsString();
            if (model.equals("deit_tiny")) {
                double ms = r.getAsJsonObject("primaryMetric").get("score").getAsDouble() * tinyFactor;
                Fixtures.latency(r, ms, ms * 0.001);
                tiny.add(r);
            } else {
                small.add(r);
            }
        }
        HistoryFixtures.night(d, "run-1", night + "-l1", "board-1", started + "T01:00:00Z", tiny);
        HistoryFixtures.night(d, "run-2", night + "-l2", "board-1", started + "T01:30:00Z", small);
    }

    record Result(int code, String out) {
    }

    private Result nightly(String night, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        if (!env.containsKey("VITWATT_DB")) {
            pb.environment().remove("VITWATT_DB");
        }
        pb.environment().put("VITWATT_NIGHT", night);
        pb.environment().put("STUB_NIGHT", night);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), out);
        return new Result(p.exitValue(), out);
    }

    private Path out(String night) {
        return dir.resolve("vitwatt-nightly").resolve(night);
    }

    @Test
    void nightsIngestCompareReportAndExitOnARegression() throws Exception {
        night("2026-11-23", "2026-11-23", 1.0);
        Result n1 = nightly("2026-11-23", matrix.toString());
        assertEquals(0, n1.code(), n1.out());
        Path o1 = out("2026-11-23");
        for (String f : List.of("run-1.json", "run-1.journal.jsonl", "run-1.log", "run-1.done", "run-2.json",
                "compare.txt", "compare.json", "report/index.html", "report/report.md")) {
            assertTrue(Files.exists(o1.resolve(f)), f + "\n" + n1.out());
        }
        assertTrue(n1.out().contains("no earlier run of device board-1"), n1.out());
        assertTrue(n1.out().contains("nightly: night 2026-11-23: ok"), n1.out());
        List<String> calls = Files.readAllLines(stubLog);
        assertEquals(2, calls.size());
        assertEquals("resume=false opts=-Dvitwatt.git=test args=[Inference][-p][model=deit_tiny][-p][precision=fp32]"
                + "[-f][1][-rf][json][-rff][" + o1.resolve("run-1.json") + "]", calls.get(0));
        assertTrue(calls.get(1).contains("[-jvmArgs][-Xmx1g -Dx=a b][-f][1]"), calls.get(1));
        assertTrue(Files.exists(dir.resolve("vitwatt-nightly/history.db")), "the default database beside the nights");

        // night 2: deit_tiny 40 % slower, far beyond its ±0.1 % intervals -> exit 3
        night("2026-11-24", "2026-11-24", 1.4);
        Result n2 = nightly("2026-11-24", matrix.toString());
        assertEquals(3, n2.code(), n2.out());
        assertTrue(n2.out().contains("REGRESSION"), n2.out());
        assertTrue(n2.out().contains("baseline:  previous (2 run(s), 4 result(s) on board-1)"), n2.out());
        JsonObject cmp = JsonParser.parseString(Files.readString(out("2026-11-24").resolve("compare.json")))
                .getAsJsonObject();
        assertEquals(2, cmp.getAsJsonObject("summary").get("regressions").getAsInt(), "deit_tiny batch 1 and 2");

        // rerunning a finished night runs nothing again and gives the same verdict
        Files.delete(stubLog);
        Result again = nightly("2026-11-24", matrix.toString());
        assertEquals(3, again.code(), again.out());
        assertFalse(Files.exists(stubLog), "no benchmark ran again");
        assertTrue(again.out().contains("line 1: finished earlier tonight, skipped"), again.out());
    }

    /** Every process's arguments as ps shows them to any user, sampled until {@code done}. */
    static final class PsWatch extends Thread {
        final String secret;
        final List<String> seen = new ArrayList<>();
        volatile boolean done;
        int samples;
        int reportsSeen;

        PsWatch(String secret) {
            this.secret = secret;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!done) {
                try {
                    Process ps = new ProcessBuilder("ps", "-eo", "args").redirectErrorStream(true).start();
                    for (String line : new String(ps.getInputStream().readAllBytes()).split("\n")) {
                        if (line.contains(secret)) {
                            synchronized (seen) {
                                seen.add(line);
                            }
                        }
                        if (line.contains("org.vitwatt.reports.cli.ReportsCli") && !line.contains(" report ")) {
                            reportsSeen++;
                        }
                    }
                    ps.waitFor();
                    samples++;
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Test
    void theDatabaseUrlIsNeverInAnyProcesssArguments() throws Exception {
        String secret = "pw-" + Long.toHexString(System.nanoTime());
        Path db = dir.resolve("dbs-" + secret).resolve("history.db");
        env.put("VITWATT_DB", db.toString());
        night("2026-11-23", "2026-11-23", 1.0);
        night("2026-11-24", "2026-11-24", 1.0);
        PsWatch watch = new PsWatch(secret);
        watch.start();
        try {
            // the watch sees a process that carries the secret in its arguments
            Process probe = new ProcessBuilder("bash", "-c", "sleep 1; true", secret).start(); // no exec into sleep
            probe.waitFor(10, TimeUnit.SECONDS);
            synchronized (watch.seen) {
                assertFalse(watch.seen.isEmpty(), "ps shows a process's arguments: the watch can catch a leak");
                watch.seen.clear();
            }
            assertEquals(0, nightly("2026-11-23", matrix.toString()).code());
            Result n2 = nightly("2026-11-24", matrix.toString());
            assertEquals(0, n2.code(), n2.out());
        } finally {
            watch.done = true;
            watch.join(10_000);
        }
        assertTrue(watch.reportsSeen > 0, "ingest and compare ran while ps was watched (" + watch.samples
                + " samples)");
        List<String> leaks = watch.seen.stream().filter(l -> !l.contains("sleep 1; true"))
                .map(l -> l.length() > 300 ? "…" + l.substring(l.length() - 300) : l).distinct().toList();
        assertEquals(List.of(), leaks, "the database URL in some process's arguments");
        assertTrue(Files.exists(db), "ingest wrote the database $VITWATT_DB names");
        try (HistoryDb h = HistoryDb.open(DbUrl.resolve(db.toString(), Map.of()), HistoryDb.Mode.EXISTING)) {
            assertEquals(8, HistoryFixtures.count(h.connection(), "SELECT COUNT(*) FROM results"), "both nights");
        }
    }

    @Test
    void aCrashedLineFailsTheNightKeepsItsResultsAndIsResumedOnRerun() throws Exception {
        night("2026-11-23", "2026-11-23", 1.0);
        assertEquals(0, nightly("2026-11-23", matrix.toString()).code());
        night("2026-11-24", "2026-11-24", 1.0);
        // line 2 is killed after its first benchmark: the journal keeps the run record, iteration and benchmark lines
        Files.writeString(src.resolve("2026-11-24/run-2.crash"), "3\n");
        Files.delete(stubLog);
        Result crashed = nightly("2026-11-24", matrix.toString());
        assertEquals(1, crashed.code(), crashed.out());
        assertTrue(crashed.out().contains("line 2 FAILED: exit code 137"), crashed.out());
        assertTrue(crashed.out().contains("FAILED: line 2 (exit code 137, no "), crashed.out());
        Path o = out("2026-11-24");
        assertFalse(Files.exists(o.resolve("run-2.json")));
        assertTrue(Files.exists(JournalFiles.besideResult(o.resolve("run-2.json"))));
        assertTrue(Files.readString(o.resolve("report/report.md")).contains("deit_small"),
                "the crashed line's finished benchmark is in the report (read from its journal)");

        Files.delete(stubLog);
        Result rerun = nightly("2026-11-24", matrix.toString());
        assertEquals(0, rerun.code(), rerun.out());
        List<String> calls = Files.readAllLines(stubLog);
        assertEquals(1, calls.size(), "line 1 finished: skipped; line 2 resumed: " + calls);
        assertTrue(calls.get(0).startsWith("resume=true opts=-Dvitwatt.git=test -Dvitwatt.resume=true args=[Inference]"
                + "[-p][model=deit_small]"), calls.get(0));
        assertTrue(rerun.out().contains("line 2: resuming from " + JournalFiles.besideResult(o.resolve("run-2.json"))),
                rerun.out());
        assertTrue(rerun.out().contains("4 unchanged"), rerun.out());
        try (HistoryDb h = HistoryDb.open(DbUrl.resolve(dir.resolve("vitwatt-nightly/history.db").toString(), Map.of()),
                HistoryDb.Mode.EXISTING)) {
            assertEquals(8, HistoryFixtures.count(h.connection(), "SELECT COUNT(*) FROM results"), "two nights of 4, "
                    + "the crashed line's first result ingested once");
        }
    }

    @Test
    void aJmhFailureFailsTheNightAndBadMatricesAreRefused() throws Exception {
        night("2026-11-23", "2026-11-23", 1.0);
        Files.writeString(src.resolve("2026-11-23/run-1.failure"), "");
        Result r = nightly("2026-11-23", matrix.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("line 1 FAILED: 1 JMH <failure>(s)"), r.out());

        Result missing = nightly("x", dir.resolve("nope").toString());
        assertEquals(2, missing.code(), missing.out());
        assertTrue(missing.out().contains("matrix file " + dir.resolve("nope") + ": not found"), missing.out());
        Path rff = Files.writeString(dir.resolve("m2"), "Inference -p model=deit_tiny -rff x.json\n");
        Result bad = nightly("x", rff.toString());
        assertEquals(2, bad.code(), bad.out());
        assertTrue(bad.out().contains("benchmark line 1: remove -rff"), bad.out());
        Path quote = Files.writeString(dir.resolve("m3"), "Inference -p 'model=deit_tiny\n");
        Result q = nightly("x", quote.toString());
        assertEquals(2, q.code(), q.out());
        assertTrue(q.out().contains("benchmark line 1: cannot split it into arguments"), q.out());
        Path empty = Files.writeString(dir.resolve("m4"), "# nothing\n\n");
        assertEquals(2, nightly("x", empty.toString()).code());
    }
}
