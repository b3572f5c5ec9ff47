package org.vitwatt.bench.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;

class JournalTest {
    @TempDir
    Path dir;

    private static JsonObject benchmark(String batch) {
        JsonObject r = new JsonObject();
        r.addProperty("type", "benchmark");
        r.addProperty("benchmark", "org.vitwatt.bench.InferenceBenchmark.infer");
        r.addProperty("mode", "avgt");
        JsonObject p = new JsonObject();
        p.addProperty("batch", batch);
        p.addProperty("model", "deit_tiny");
        r.add("params", p);
        r.add("result", new JsonObject());
        return r;
    }

    @Test
    void appendsLinesThatReadBackInOrder() throws Exception {
        Path f = dir.resolve("sub/j.jsonl");
        try (Journal j = Journal.open(f)) {
            j.append(benchmark("1"));
            j.sync();
            j.append(benchmark("2"));
        }
        JournalReader r = JournalReader.read(f);
        assertEquals(2, r.records().size());
        assertEquals(List.of(), r.warnings());
        assertEquals(2, r.finished().size());
        try (Journal j = Journal.open(f)) {
            j.append(benchmark("4")); // reopening appends
        }
        assertEquals(3, JournalReader.read(f).finished().size());
    }

    @Test
    void halfWrittenAndForeignLinesAreSkippedWithTheirLineNumber() throws Exception {
        Path f = dir.resolve("j.jsonl");
        try (Journal j = Journal.open(f)) {
            j.append(benchmark("1"));
            j.append(benchmark("2"));
        }
        String whole = Files.readString(f);
        // a crash in the middle of the third line, and a stray line that is JSON but no record
        Files.writeString(f, whole + "[1,2]\n" + whole.lines().findFirst().orElseThrow().substring(0, 40));
        JournalReader r = JournalReader.read(f);
        assertEquals(2, r.records().size());
        assertEquals(2, r.warnings().size());
        assertEquals(f + ":3: skipped a journal line that does not parse (half-written by a crash?): not a journal "
                + "record", r.warnings().get(0));
        assertTrue(r.warnings().get(1).startsWith(f + ":4: skipped a journal line that does not parse (half-written "
                + "by a crash?): "), r.warnings().get(1));
    }

    @Test
    void matrixCellsFollowTheJmhOptions() throws Exception {
        CommandLineOptions opts = new CommandLineOptions("Inference", "-p", "model=deit_tiny,deit_small", "-p",
                "batch=1,8", "-bm", "avgt,thrpt");
        List<Matrix.Cell> cells = Matrix.cells(opts, OutputFormatFactory
                .createFormatInstance(System.out, VerboseMode.SILENT));
        assertEquals(8, cells.size());
        Matrix.Cell first = cells.get(0);
        assertEquals("org.vitwatt.bench.InferenceBenchmark.infer", first.benchmark());
        assertEquals("deit_tiny", first.params().get("model"));
        assertEquals("fp32", first.params().get("precision"), "unset params take their @Param default");
        assertTrue(cells.stream().anyMatch(c -> c.mode() == Mode.Throughput && c.params().get("batch").equals("8")
                && c.params().get("model").equals("deit_small")));
        Map<String, String> p = new TreeMap<>(first.params());
        JsonObject rec = benchmark(p.get("batch"));
        JsonObject params = new JsonObject();
        p.forEach(params::addProperty);
        rec.add("params", params);
        rec.addProperty("mode", first.mode().shortLabel());
        Path f = dir.resolve("k.jsonl");
        try (Journal j = Journal.open(f)) {
            j.append(rec);
        }
        assertTrue(JournalReader.read(f).finished().containsKey(first.key()), "journal and matrix agree on keys");
    }
}
