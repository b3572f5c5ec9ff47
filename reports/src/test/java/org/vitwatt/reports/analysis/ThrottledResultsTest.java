package org.vitwatt.reports.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vitwatt.reports.Fixtures.pick;
import static org.vitwatt.reports.Fixtures.put;
import static org.vitwatt.reports.analysis.ReportBuilderTest.build;
import static org.vitwatt.reports.analysis.ReportBuilderTest.rows;
import static org.vitwatt.reports.analysis.ReportBuilderTest.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;
import org.vitwatt.reports.history.HistoryFixtures;
import org.vitwatt.reports.table.Cell;

/**
 * A result measured while its GPU clock dropped (the energy profiler's {@code device.throttled} 0.483 in the worst
 * iteration, reason {@code gpu:clock_drop}): the report flags it, and compare says so beside each latency and energy
 * verdict of it, a regression included; accuracy is not touched by it.
 */
class ThrottledResultsTest {
    @TempDir
    Path dir;

    private static JsonObject throttled(JsonObject r) {
        put(r, "device.throttled", 0.483, 0, "fraction");
        put(r, "device.throttled(gpu:clock_drop)", 0.483, 0, "fraction");
        put(r, "device.clockMHz.min(gpu)", 612, 0, "MHz");
        return r;
    }

    @Test
    void theReportFlagsAThrottledResultWithItsShareAndReason() throws Exception {
        JsonObject hot = throttled(pick(Fixtures.real(), "deit_tiny", 1));
        JsonObject cool = pick(Fixtures.real(), "deit_small", 1);
        put(cool, "device.throttled", 0, 0, "fraction");
        Report r = build(Fixtures.write(dir.resolve("r.json"), List.of(hot, cool)));
        Map<String, String> flags = new HashMap<>();
        for (Map<String, Cell> row : rows(r.family("results"))) {
            flags.put(text(row.get("model")).replaceFirst("_patch16_224", ""), text(row.get("flags")));
        }
        assertTrue(flags.get("deit_tiny").endsWith("throttled 48.3 % of an iteration (gpu:clock_drop)"),
                flags.toString());
        assertTrue(!flags.get("deit_small").contains("throttled"), "device.throttled 0 is not throttling: " + flags);
    }

    @Test
    void compareSaysASideRanThrottledBesideItsLatencyAndEnergyVerdictsEvenARegression() throws Exception {
        List<JsonObject> base = HistoryFixtures.results(1, 0.001, r -> Fixtures.withEnergy(r, 20, 0.01, 5, 10));
        List<JsonObject> cand = HistoryFixtures.results(1, 0.001, r -> Fixtures.withEnergy(r, 20, 0.01, 5, 10));
        JsonObject tiny = pick(cand, "deit_tiny", 1);
        double ms = tiny.getAsJsonObject("primaryMetric").get("score").getAsDouble() * 1.5;
        Fixtures.latency(tiny, ms, ms * 0.001); // +50 %: a regression, measured at the dropped clock
        throttled(tiny);
        Fixtures.withAccuracy(tiny, 70, 90);
        Fixtures.withAccuracy(pick(base, "deit_tiny", 1), 70, 90);
        Path b = Fixtures.write(dir.resolve("base.json"), base);
        Path c = Fixtures.write(dir.resolve("cand.json"), cand);

        HistoryFixtures.Run text = HistoryFixtures.cli("compare", "--baseline", b.toString(), "--candidate", c.toString());
        assertEquals(3, text.code(), text.out() + text.err());
        assertTrue(text.out().contains("REGRESSION (candidate throttled 48.3 % of an iteration (gpu:clock_drop))"),
                text.out());

        HistoryFixtures.Run json = HistoryFixtures.cli("compare", "--baseline", b.toString(), "--candidate",
                c.toString(), "--json");
        Map<String, JsonObject> rows = new HashMap<>();
        for (JsonElement e : JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonArray("rows")) {
            JsonObject o = e.getAsJsonObject();
            rows.put(o.get("model").getAsString().replaceFirst("_patch16_224", "") + " b" + o.get("batch").getAsInt()
                    + " " + o.get("metric").getAsString(), o);
        }
        JsonObject latency = rows.get("deit_tiny b1 latency");
        assertEquals("regression", latency.get("verdict").getAsString());
        assertEquals("candidate throttled 48.3 % of an iteration (gpu:clock_drop)", latency.get("why").getAsString());
        assertEquals("candidate throttled 48.3 % of an iteration (gpu:clock_drop)",
                rows.get("deit_tiny b1 energy").get("why").getAsString());
        JsonObject accuracy = rows.get("deit_tiny b1 accuracy");
        assertTrue(accuracy != null && !accuracy.has("why"), "accuracy does not depend on the clock: " + accuracy);
        assertTrue(!rows.get("deit_small b1 latency").has("why"), "an unthrottled benchmark says nothing");
    }
}
