package org.vitwatt.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;

/**
 * Bad input and faults of {@code vitwatt-reports.jar}: for each, the exact line a user sees on stderr and the exit
 * code (docs/reports.md and docs/history.md list them).
 */
class BadInputTest {
    @TempDir
    Path dir;
    Path results;
    Path db;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = ReportsCli.run(args, new PrintWriter(o), new PrintWriter(e), Map.of());
        return new Run(code, o.toString(), e.toString());
    }

    /** Exit code {@code code} and exactly one line on stderr, {@code line}. */
    static void assertLine(Run r, int code, String line) {
        assertEquals(line, r.err().strip(), "stderr");
        assertFalse(r.err().strip().contains("\n"), "one line");
        assertEquals(code, r.code(), r.err());
    }

    @BeforeEach
    void setUp() throws Exception {
        results = Files.writeString(dir.resolve("results.json"), Fixtures.realText());
        db = dir.resolve("history.db");
        assertEquals(0, run("ingest", results.toString(), "--db", db.toString(), "-q").code());
    }

    @Test
    void aJsonWithoutModelParamsSaysWhatIsMissing() throws Exception {
        List<JsonObject> rs = Fixtures.real();
        rs.forEach(r -> r.getAsJsonObject("params").remove("model"));
        Path f = Fixtures.write(dir.resolve("no-model.json"), rs);
        assertLine(run("report", f.toString(), "--out", dir.resolve("o").toString(), "-q"), 2, "vitwatt-reports: " + f
                + ": no vitwatt benchmark results (4 result(s) of org.vitwatt.bench.* without a \"model\" param, which "
                + "vitwatt's benchmark always writes (is this JSON from an edited or other build of benchmarks.jar?)); "
                + "nothing to report");
    }

    @Test
    void aDbThatIsATextFileIsBadInputNotAnSqlFailure() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "these are my notes\n");
        String line = "vitwatt-reports: --db " + text + ": is not a SQLite database (it does not start with \"SQLite "
                + "format 3\"): give the history database file, or a new file name for ingest to create one";
        assertLine(run("ingest", results.toString(), "--db", text.toString()), 2, line);
        assertLine(run("compare", "--db", text.toString(), "--candidate", results.toString()), 2, line);
        assertLine(run("trend", "--db", text.toString(), "--metric", "latency", "--out", dir.resolve("t").toString()),
                2, line);
        assertEquals("these are my notes\n", Files.readString(text), "left as it was");
    }

    @Test
    void outputThatCannotBeWrittenIsSaidInWords() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        assertLine(run("report", results.toString(), "--out", file.toString()), 2, "vitwatt-reports: " + file
                + ": cannot write the report: exists and is not a directory");
        Path under = file.resolve("sub");
        assertLine(run("report", results.toString(), "--out", under.toString()), 2, "vitwatt-reports: " + under
                + ": cannot write the report: " + file + " exists and is not a directory");
        assertLine(run("trend", "--db", db.toString(), "--metric", "latency", "--out", under.toString()), 2,
                "vitwatt-reports: " + under + ": cannot write the trend: " + file + " exists and is not a directory");
        Path json = file.resolve("compare.json");
        Run c = run("compare", "--baseline", results.toString(), "--candidate", results.toString(), "--json=" + json);
        assertEquals(2, c.code(), c.err());
        assertTrue(c.err().strip().endsWith("vitwatt-reports: --json " + json + ": cannot write: " + file
                + " exists and is not a directory"), c.err());
        for (Run r : List.of(c, run("report", results.toString(), "--out", under.toString()))) {
            assertFalse(r.err().contains("Exception"), "no Java exception names: " + r.err());
        }
    }

    @Test
    void anUnknownTrendMetricListsTheMetricsThereAre() throws Exception {
        Run r = run("trend", "--db", db.toString(), "--metric", "speed", "--out", dir.resolve("t").toString());
        assertLine(r, 2, "vitwatt-reports: --metric speed: no such metric in " + db + ": use latency, energy or "
                + "accuracy, or a stored label: memory.peakRss, model.fileMiB, model.gmacs, model.params, "
                + "model.syntheticWeights, primary, session.createMs");
    }

    @Test
    void reportOptions() throws Exception {
        String out = dir.resolve("o").toString();
        assertLine(run("report", results.toString(), "--threshold", "abc", "--out", out), 2,
                "vitwatt-reports: --threshold abc: expected a percentage such as 5%");
        assertLine(run("report", results.toString(), "--latency-target", "-5", "--out", out), 2,
                "vitwatt-reports: --latency-target -5.0: expected milliseconds per image above 0, such as 20");
        assertLine(run("report", results.toString(), "--format", "pdf", "--out", out), 2,
                "vitwatt-reports: --format pdf: expected md, csv, json, html or plots");
        assertLine(run("report", results.toString(), "--max-rows", "0", "--out", out), 2,
                "vitwatt-reports: --max-plots must be >= 0, --max-rows and --max-tables >= 1");
        assertLine(run("report", results.toString(), "--device", "x.json=lab", "--out", out), 2,
                "vitwatt-reports: --device x.json=lab: x.json is not one of the input files");
        assertLine(run("report", results.toString(), "--journal", "j.jsonl", "--out", out), 2,
                "vitwatt-reports: --journal j.jsonl: expected FILE=JOURNAL with FILE one of the input files");
        Path missing = dir.resolve("nope.json");
        assertLine(run("report", missing.toString(), "--out", out), 2, "vitwatt-reports: " + missing + ": no such file");
        Path empty = Files.writeString(dir.resolve("empty.json"), "[ ]");
        assertLine(run("report", empty.toString(), "--out", out), 2, "vitwatt-reports: " + empty
                + ": empty result list: JMH wrote no benchmark results");
        Path object = Files.writeString(dir.resolve("object.json"), "{\"threads\": 4}");
        assertLine(run("report", object.toString(), "--out", out), 2, "vitwatt-reports: " + object
                + ":1:1: not JMH result JSON: JMH writes an array of benchmark results, this file's top level is an "
                + "object");
        Path text = Files.writeString(dir.resolve("text.json"), "this is not json\n");
        assertLine(run("report", text.toString(), "--out", out), 2, "vitwatt-reports: " + text
                + ":1:1: not valid JSON: unexpected character 't'");
        Path binary = Files.write(dir.resolve("binary.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertLine(run("report", binary.toString(), "--out", out), 2, "vitwatt-reports: " + binary
                + ":1:1: not valid JSON: unexpected character 0xff");
        Path latin1 = Files.write(dir.resolve("latin1.json"), "[{\"benchmark\": \"caf\u00e9\"}]"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertLine(run("report", latin1.toString(), "--out", out), 2, "vitwatt-reports: " + latin1
                + ": not JSON: not UTF-8 text");
        String real = Fixtures.realText();
        Path cut = Files.writeString(dir.resolve("cut.json"), real.substring(0, real.indexOf("\"secondaryMetrics\"")));
        Run r = run("report", cut.toString(), "--out", out);
        assertEquals(2, r.code());
        assertTrue(r.err().strip().matches("vitwatt-reports: " + Pattern.quote(cut.toString())
                + ":\\d+:\\d+: not valid JSON: ends early \\(truncated\\?\\)"), r.err());
        Path wrongType = Files.writeString(dir.resolve("wrong.json"),
                "[{\"benchmark\": \"org.vitwatt.bench.X.infer\", \"params\": [1], \"primaryMetric\": {}}]");
        assertLine(run("report", wrongType.toString(), "--out", out), 2, "vitwatt-reports: " + wrongType
                + ":1:55: not JMH result JSON: unexpected value (expected an object but was an array)");
    }
}
