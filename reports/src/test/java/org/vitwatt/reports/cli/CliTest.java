package org.vitwatt.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;

class CliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = ReportsCli.run(args, new PrintWriter(o), new PrintWriter(e));
        return new Run(code, o.toString(), e.toString());
    }

    private Path fixture() throws Exception {
        return Files.writeString(dir.resolve("results.json"), Fixtures.realText());
    }

    @Test
    void helpOnEveryCommand() {
        Run top = run("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("report"), top.out());
        for (String[] args : new String[][] {{"report", "--help"}, {"help", "report"}, {"report", "-h"}}) {
            Run r = run(args);
            assertEquals(0, r.code(), String.join(" ", args));
            for (String opt : List.of("--out", "--catalog", "--accuracy", "--device", "--journal", "--sam-energy",
                    "--threshold", "--format", "--max-plots", "--max-rows")) {
                assertTrue(r.out().contains(opt), opt + " in " + r.out());
            }
        }
        assertEquals(0, run("--version").code());
    }

    @Test
    void writesEveryOutputForTheRealFixture() throws Exception {
        Path out = dir.resolve("report");
        Run r = run("report", fixture().toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("4 vitwatt result(s)"), r.out());
        for (String f : List.of("report.md", "index.html", "report.json", "netscore.csv", "sam.csv", "disagreement.csv",
                "precision.csv", "results.csv", "devices.csv")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        try (Stream<Path> s = Files.list(out.resolve("plots"))) {
            List<String> plots = s.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(plots.contains("precision-1.svg") && plots.contains("precision-1.png"), plots.toString());
        }
        BufferedImage png = ImageIO.read(out.resolve("plots/precision-1.png").toFile());
        assertEquals(960, png.getWidth(), "a PNG that ImageIO decodes");
        String svg = Files.readString(out.resolve("plots/precision-1.svg"));
        assertTrue(svg.startsWith("<?xml") && svg.contains("<svg"), "a real SVG document");

        JsonObject j = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        assertEquals(1, j.get("schemaVersion").getAsInt());
        assertTrue(j.getAsJsonObject("options").get("latencyTargetMs").isJsonNull(), "no --latency-target given");
        JsonObject tables = j.getAsJsonObject("tables");
        for (String t : List.of("netscore", "sam", "disagreement", "precision", "results", "devices")) {
            assertTrue(tables.has(t), t);
            JsonObject fam = tables.getAsJsonObject(t);
            assertTrue(fam.getAsJsonArray("formulas").size() > 0, t + " prints its formulas");
            for (JsonElement tab : fam.getAsJsonArray("tables")) {
                for (JsonElement row : tab.getAsJsonObject().getAsJsonArray("rows")) {
                    for (JsonElement c : fam.getAsJsonArray("columns")) {
                        assertTrue(row.getAsJsonObject().has(c.getAsJsonObject().get("key").getAsString()));
                    }
                }
            }
        }
        JsonObject samRow = tables.getAsJsonObject("sam").getAsJsonArray("tables").get(0).getAsJsonObject()
                .getAsJsonArray("rows").get(0).getAsJsonObject();
        assertTrue(samRow.getAsJsonObject("sam5").get("na").getAsString().contains("synthetic weights"));
        assertTrue(samRow.getAsJsonObject("latencyMs").get("value").getAsDouble() > 0);
        JsonArray plots = j.getAsJsonArray("plots");
        assertTrue(plots.size() >= 3);
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("NetScore Ω = 20 · log10") && md.contains("SAM_α = A^α / E"), "formulas under tables");
        assertTrue(md.contains("not drawn: no result has both a valid energy and a measured accuracy"), md);
        String csv = Files.readString(out.resolve("sam.csv"));
        assertTrue(csv.startsWith("device,dataset,precision,provider,batch,params,rank,model,top1,top1_ciLow"), csv);
    }

    @Test
    void badInputIsOneLineNamingTheFileWithExitCode2() throws Exception {
        Path notJson = Files.writeString(dir.resolve("notes.json"), "this is not json\n");
        assertBad(run("report", notJson.toString(), "--out", dir.resolve("o").toString()), notJson + ":1:",
                "not valid JSON");

        Path notJmh = Files.writeString(dir.resolve("config.json"), "{\"threads\": 4}");
        assertBad(run("report", notJmh.toString(), "--out", dir.resolve("o").toString()), notJmh.toString(),
                "not JMH result JSON");

        Path empty = Files.writeString(dir.resolve("empty.json"), "[]");
        assertBad(run("report", empty.toString(), "--out", dir.resolve("o").toString()), empty.toString(),
                "empty result list");

        Path other = Files.writeString(dir.resolve("other.json"),
                Fixtures.realText().replace("org.vitwatt.bench.InferenceBenchmark.infer", "com.acme.Bench.run"));
        assertBad(run("report", other.toString(), "--out", dir.resolve("o").toString()), other.toString(),
                "no vitwatt benchmark results");
        Run withOther = run("report", fixture().toString(), other.toString(), "--out", dir.resolve("o2").toString());
        assertEquals(0, withOther.code(), withOther.err());
        assertTrue(withOther.err().contains("note: " + other + ": skipped 4 result(s) of other projects' benchmarks"),
                withOther.err());

        Path missing = dir.resolve("nope.json");
        assertBad(run("report", missing.toString(), "--out", dir.resolve("o").toString()), missing.toString(),
                "no such file");

        Path aFile = Files.writeString(dir.resolve("plain-file"), "x");
        assertBad(run("report", fixture().toString(), "--out", aFile.toString()), aFile.toString(), "cannot write");
        assertBad(run("report", fixture().toString(), "--out", aFile.resolve("sub").toString()), aFile.toString(),
                "cannot write");

        assertBad(run("report", fixture().toString(), "--device", "other.json=x", "--out", dir.resolve("o").toString()),
                "--device other.json=x", "not one of the input files");
        assertEquals(2, run("report").code(), "no FILE: usage error");
        assertEquals(2, run("report", fixture().toString(), "--threshold", "abc").code());
        assertEquals(2, run("report", fixture().toString(), "--accuracy", "guessed").code());
    }

    private static void assertBad(Run r, String start, String contains) {
        assertEquals(2, r.code(), r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.startsWith("vitwatt-reports: " + start), line);
        assertTrue(line.contains(contains), line);
    }
}
