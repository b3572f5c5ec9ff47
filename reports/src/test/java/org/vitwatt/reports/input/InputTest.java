package org.vitwatt.reports.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;
import org.vitwatt.results.Metrics;

class InputTest {
    @TempDir
    Path dir;

    private Path real() throws Exception {
        Path p = dir.resolve("results.json");
        Files.writeString(p, Fixtures.realText());
        return p;
    }

    @Test
    void readsTheRealFixture() throws Exception {
        List<BenchmarkResult> rs = JmhJson.read(real());
        assertEquals(4, rs.size());
        BenchmarkResult r = rs.get(0);
        assertEquals("org.vitwatt.bench.InferenceBenchmark.infer", r.benchmark());
        assertEquals("avgt", r.mode());
        assertEquals(Map.of("batch", "1", "dataset", "synthetic", "model", "deit_tiny", "precision", "fp32",
                "provider", "cpu", "threads", "0"), r.params());
        assertEquals(24.871266255669664, r.primary().score(), 0);
        assertEquals(38.97919545804279, r.primary().error(), 0);
        assertEquals(-14.107929202373125, r.primary().ciLow(), 0);
        assertEquals("ms/op", r.primary().unit());
        assertEquals(0, r.primary().forkMeans().length, "one fork: its mean is the score, rawData is not parsed");
        assertTrue(r.primary().percentiles().isEmpty(), "percentiles are kept for sample mode only");
        Metric rss = r.secondary().get(Metrics.MEMORY_PEAK_RSS.label());
        assertTrue(Double.isNaN(rss.error()), "JMH's quoted \"NaN\" error");
        assertFalse(rss.hasCi());
        assertEquals(5717416.0, r.secondary().get(Metrics.MODEL_PARAMS.label()).score(), 0);
        assertEquals(1.0, r.secondary().get(Metrics.MODEL_SYNTHETIC_WEIGHTS.label()).score(), 0);
        assertTrue(r.line() > 0);
        assertEquals(DeviceInfo.UNKNOWN, r.device().label());
    }

    @Test
    void severalForksKeepEachForksMeanAndSampleModeItsPercentiles() throws Exception {
        List<JsonObject> rs = Fixtures.real().subList(0, 1);
        JsonObject r0 = rs.get(0);
        r0.addProperty("forks", 2);
        r0.addProperty("mode", "sample");
        r0.getAsJsonObject("primaryMetric").add("rawData",
                JsonParser.parseString("[[20.0, 22.0], [30.0, 34.0]]"));
        Path p = Fixtures.write(dir.resolve("forks.json"), rs);
        BenchmarkResult r = JmhJson.read(p).get(0);
        assertEquals(2, r.primary().forkMeans().length);
        assertEquals(21.0, r.primary().forkMeans()[0], 0);
        assertEquals(32.0, r.primary().forkMeans()[1], 0);
        assertEquals(24.808897951219514, r.primary().percentiles().get(50.0), 0);
    }

    @Test
    void notJsonNamesFileLineAndColumn() throws Exception {
        Path p = dir.resolve("bad.json");
        Files.writeString(p, "[\n  {\"benchmark\": \"x\",\n   oops }\n]");
        InputException e = assertThrows(InputException.class, () -> JmhJson.read(p));
        assertEquals(InputException.Kind.NOT_JSON, e.kind());
        assertTrue(e.getMessage().startsWith(p + ":3:"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void truncatedJsonSaysItEndsEarly() throws Exception {
        String text = Fixtures.realText();
        Path p = dir.resolve("cut.json");
        Files.writeString(p, text.substring(0, text.length() / 2));
        InputException e = assertThrows(InputException.class, () -> JmhJson.read(p));
        assertEquals(InputException.Kind.NOT_JSON, e.kind());
        assertTrue(e.getMessage().contains("ends early"), e.getMessage());
        assertTrue(e.getMessage().matches(".*cut\\.json:\\d+:\\d+: .*"), e.getMessage());
    }

    @Test
    void binaryIsNotJson() throws Exception {
        Path p = dir.resolve("x.json");
        Files.write(p, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80});
        InputException e = assertThrows(InputException.class, () -> JmhJson.read(p));
        assertEquals(InputException.Kind.NOT_JSON, e.kind());
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    }

    @Test
    void jsonThatIsNotJmhSaysSo() throws Exception {
        Path obj = dir.resolve("obj.json");
        Files.writeString(obj, "{\"benchmark\": \"x\"}");
        InputException e = assertThrows(InputException.class, () -> JmhJson.read(obj));
        assertEquals(InputException.Kind.NOT_JMH, e.kind());
        assertTrue(e.getMessage().contains("not JMH result JSON") && e.getMessage().contains("an object"), e.getMessage());

        Path arr = dir.resolve("arr.json");
        Files.writeString(arr, "[{\"name\": \"a\", \"value\": 1}]");
        e = assertThrows(InputException.class, () -> JmhJson.read(arr));
        assertEquals(InputException.Kind.NOT_JMH, e.kind());
        assertTrue(e.getMessage().contains("no \"benchmark\""), e.getMessage());

        Path nums = dir.resolve("nums.json");
        Files.writeString(nums, "[1, 2, 3]");
        e = assertThrows(InputException.class, () -> JmhJson.read(nums));
        assertEquals(InputException.Kind.NOT_JMH, e.kind());
        assertTrue(e.getMessage().startsWith(nums + ":1:"), e.getMessage());

        Path wrongType = dir.resolve("wrong.json");
        Files.writeString(wrongType, "[{\"benchmark\": \"a.B.c\", \"params\": [1], \"primaryMetric\": {\"score\": 1}}]");
        e = assertThrows(InputException.class, () -> JmhJson.read(wrongType));
        assertEquals(InputException.Kind.NOT_JMH, e.kind());
    }

    @Test
    void journalSkipsAHalfWrittenLineNamingIt() throws Exception {
        List<JsonObject> rs = Fixtures.real();
        List<String> lines = new ArrayList<>(Fixtures.journalLines("run-1", "tx2-01", rs));
        lines.remove(lines.size() - 1); // no end record: crashed
        String last = lines.get(lines.size() - 1);
        lines.set(lines.size() - 1, last.substring(0, last.length() / 2)); // half-written benchmark line
        Path j = dir.resolve("results.journal.jsonl");
        Files.write(j, lines);
        Journal journal = Journal.read(j);
        assertEquals(3, journal.results().size());
        assertEquals("tx2-01", journal.results().get(0).device().label());
        assertEquals("NVIDIA Tegra X2", journal.results().get(0).device().details().get("gpu"));
        assertEquals("f985492", journal.results().get(0).run().git());
        int lineNo = lines.size();
        assertTrue(journal.diagnostics().stream().anyMatch(d -> d.level() == Diagnostic.Level.WARNING
                && d.message().startsWith(j + ":" + lineNo + ": skipped")), journal.diagnostics().toString());
        assertTrue(journal.diagnostics().stream().anyMatch(d -> d.message().contains("never finished")));
        assertTrue(journal.diagnostics().stream().anyMatch(d -> d.message().contains("no end record")));
    }

    @Test
    void deviceAndRunComeFromTheJournalBesideTheJson() throws Exception {
        Path json = real();
        Files.write(dir.resolve("results.journal.jsonl"), Fixtures.journalLines("run-1", "tx2-01", Fixtures.real()));
        ResultLoader.Loaded l = ResultLoader.load(List.of(json), DeviceLabels.NONE, Map.of());
        assertEquals(4, l.results().size());
        for (BenchmarkResult r : l.results()) {
            assertEquals("tx2-01", r.device().label());
            assertEquals("run-1", r.run().runId());
            assertEquals(json, r.file(), "JMH's JSON stays the source when it is complete");
        }
        assertEquals("jmh-json+journal", l.inputs().get(0).source());
    }

    @Test
    void journalIsTheSourceWhenTheJsonIsMissingTruncatedOrPartial() throws Exception {
        List<JsonObject> rs = Fixtures.real();
        Path json = dir.resolve("night.json");
        Files.write(dir.resolve("night.journal.jsonl"), Fixtures.journalLines("run-7", "orin-02", rs));

        ResultLoader.Loaded missing = ResultLoader.load(List.of(json), DeviceLabels.NONE, Map.of());
        assertEquals(4, missing.results().size());
        assertTrue(missing.diagnostics().stream().anyMatch(d -> d.message().contains("no such file")
                && d.message().contains("journal")), missing.diagnostics().toString());

        String text = Fixtures.realText();
        Files.writeString(json, text.substring(0, text.length() - 200));
        ResultLoader.Loaded truncated = ResultLoader.load(List.of(json), DeviceLabels.NONE, Map.of());
        assertEquals(4, truncated.results().size());
        assertEquals("journal", truncated.inputs().get(0).source());

        Fixtures.write(json, rs.subList(0, 2));
        ResultLoader.Loaded partial = ResultLoader.load(List.of(json), DeviceLabels.NONE, Map.of());
        assertEquals(4, partial.results().size());
        assertTrue(partial.diagnostics().stream().anyMatch(d -> d.message().contains("partial")));
    }

    @Test
    void aJournalGivenOnTheCommandLineOrOnItsOwn() throws Exception {
        Path json = real();
        Path j = dir.resolve("logs/run-9.jsonl");
        Files.createDirectories(j.getParent());
        Files.write(j, Fixtures.journalLines("run-9", "orin-07", Fixtures.real()));
        Map<Path, Path> given = JournalChoice.parse(List.of("results.json=" + j), List.of(json));
        ResultLoader.Loaded l = ResultLoader.load(List.of(json), DeviceLabels.NONE, given);
        assertEquals("orin-07", l.results().get(0).device().label());
        assertEquals(j, l.inputs().get(0).journal());
        ResultLoader.Loaded alone = ResultLoader.load(List.of(j), DeviceLabels.NONE, Map.of());
        assertEquals(4, alone.results().size());
        assertEquals("journal", alone.inputs().get(0).source());
        assertThrows(InputException.class, () -> JournalChoice.parse(List.of("x.json=" + j), List.of(json)));
    }

    @Test
    void commandLineLabelsEachFileOrAll() throws Exception {
        Path a = Fixtures.write(dir.resolve("a.json"), Fixtures.real());
        Path b = Fixtures.write(dir.resolve("sub/b.json"), Fixtures.real());
        DeviceLabels l = DeviceLabels.parse(List.of("a.json=tx2-01", b + "=rtx3050"),
                List.of(a, b));
        ResultLoader.Loaded loaded = ResultLoader.load(List.of(a, b), l, Map.of());
        assertEquals("tx2-01", loaded.results().get(0).device().label());
        assertEquals("--device", loaded.results().get(0).device().origin());
        assertEquals("rtx3050", loaded.results().get(7).device().label());

        DeviceLabels all = DeviceLabels.parse(List.of("lab-box"), List.of(a, b));
        assertEquals("lab-box", ResultLoader.load(List.of(a, b), all, Map.of()).results().get(5).device().label());

        InputException e = assertThrows(InputException.class,
                () -> DeviceLabels.parse(List.of("c.json=x"), List.of(a, b)));
        assertEquals(InputException.Kind.BAD_OPTION, e.kind());
        assertTrue(e.getMessage().contains("c.json is not one of the input files"));
    }

    @Test
    void otherProjectsBenchmarksAreSkippedWithANote() throws Exception {
        List<JsonObject> rs = Fixtures.real();
        rs.get(0).addProperty("benchmark", "com.acme.json.ParserBench.parse");
        Path p = Fixtures.write(dir.resolve("mixed.json"), rs);
        ResultLoader.Loaded l = ResultLoader.load(List.of(p), DeviceLabels.NONE, Map.of());
        assertEquals(3, l.results().size());
        assertTrue(l.diagnostics().stream().anyMatch(d -> d.level() == Diagnostic.Level.NOTE
                && d.message().contains("com.acme.json.ParserBench.parse")));

        List<JsonObject> other = Fixtures.real();
        other.forEach(r -> r.addProperty("benchmark", "com.acme.json.ParserBench.parse"));
        Path o = Fixtures.write(dir.resolve("other.json"), other);
        // with a vitwatt file beside it: a note, not an error
        ResultLoader.Loaded both = ResultLoader.load(List.of(p, o), DeviceLabels.NONE, Map.of());
        assertEquals(3, both.results().size());
        // alone: nothing is left, an error
        InputException e = assertThrows(InputException.class,
                () -> ResultLoader.load(List.of(o), DeviceLabels.NONE, Map.of()));
        assertEquals(InputException.Kind.NO_RESULTS, e.kind());
        assertTrue(e.getMessage().contains(o.toString()) && e.getMessage().contains("other benchmarks"), e.getMessage());
    }

    @Test
    void emptyResultListIsAnError() throws Exception {
        Path p = dir.resolve("empty.json");
        Files.writeString(p, "[ ]\n");
        InputException e = assertThrows(InputException.class,
                () -> ResultLoader.load(List.of(p), DeviceLabels.NONE, Map.of()));
        assertEquals(InputException.Kind.EMPTY, e.kind());
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().startsWith(p + ": empty result list"), e.getMessage());
    }
}
