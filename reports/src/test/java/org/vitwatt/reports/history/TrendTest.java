package org.vitwatt.reports.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vitwatt.reports.history.HistoryFixtures.cli;
import static org.vitwatt.reports.history.IngestTest.assertBad;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;

/** trend: points over nights from the database as CSV, SVG and PNG; filters; nothing to plot. */
class TrendTest {
    @TempDir
    Path dir;
    String db;

    @BeforeEach
    void threeNights() {
        db = dir.resolve("h.db").toString();
        for (int i = 0; i < 3; i++) {
            String started = Instant.parse("2026-11-22T01:00:00Z").plusSeconds(86_400L * i).toString();
            double f = 1 + 0.1 * i;
            Path n = HistoryFixtures.night(dir, "n" + i, "run-" + i, "tx2-01", started, HistoryFixtures.results(f, 0.02,
                    r -> Fixtures.withEnergy(r, 40 * f, 0.5, 10, 12)));
            assertEquals(0, cli("ingest", n.toString(), "--tag", started.substring(0, 10), "--db", db).code());
        }
    }

    @Test
    void latencyOverNightsAsCsvSvgAndPng() throws Exception {
        Path out = dir.resolve("trend");
        HistoryFixtures.Run r = cli("trend", "--db", db, "--metric", "latency", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("trend of latency: 12 point(s) in 4 series from 3 run(s), 2026-11-22T01:00:00Z .. "
                + "2026-11-24T01:00:00Z; wrote trend-latency.csv, trend-latency.svg, trend-latency.png"), r.out());
        List<String> csv = Files.readAllLines(out.resolve("trend-latency.csv"));
        assertEquals(13, csv.size());
        assertTrue(csv.get(0).startsWith("series,device,benchmark,model,dataset,precision,provider,batch,params,run_id,"
                + "tag,started,git"), csv.get(0));
        double ms = Fixtures.pick(Fixtures.real(), "deit_tiny", 1).getAsJsonObject("primaryMetric").get("score")
                .getAsDouble();
        String last = csv.stream().filter(l -> l.contains("run-2") && l.startsWith("deit_tiny_patch16_224 · synthetic · "
                + "fp32 · cpu · batch 1")).findFirst().orElseThrow();
        String[] cells = last.split(",");
        assertEquals(ms * 1.2, Double.parseDouble(cells[15]), 1e-6);
        assertEquals(ms * 1.2 * 0.98, Double.parseDouble(cells[16]), 1e-6);
        assertEquals("ms/op", cells[20].strip());
        String svg = Files.readString(out.resolve("trend-latency.svg"));
        assertTrue(svg.startsWith("<?xml") && svg.contains("<svg") && svg.contains("latency per op over nights"));
        BufferedImage png = ImageIO.read(out.resolve("trend-latency.png").toFile());
        assertEquals(960, png.getWidth());
    }

    @Test
    void filtersAndOtherMetrics() throws Exception {
        Path out = dir.resolve("t");
        HistoryFixtures.Run e = cli("trend", "--db", db, "--metric", "energy", "--model", "deit_tiny", "--batch", "2",
                "--precision", "FP32", "--device", "tx2-01", "--since", "2026-11-23", "--out", out.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().startsWith("trend of energy: 2 point(s) in 1 series from 2 run(s)"), e.out());
        assertTrue(Files.readString(out.resolve("trend-energy.csv")).contains("mJ/image"));

        HistoryFixtures.Run label = cli("trend", "--db", db, "--metric", "power.mean", "--out", out.toString());
        assertEquals(0, label.code(), label.err());
        assertTrue(Files.exists(out.resolve("trend-power.mean.png")));

        assertBad(cli("trend", "--db", db, "--metric", "accuracy", "--out", out.toString()),
                "--metric accuracy: no result in");
        assertBad(cli("trend", "--db", db, "--metric", "latency", "--model", "nope", "--out", out.toString()),
                "matching model nope has it: nothing to plot");
        assertBad(cli("trend", "--db", db, "--metric", "latency", "--since", "yesterday"), "--since yesterday");
        assertBad(cli("trend", "--db", db), "trend: Missing required option: '--metric=METRIC'");
        assertBad(cli("trend", "--db", dir.resolve("none.db").toString(), "--metric", "latency"),
                "no such database file");
    }
}
