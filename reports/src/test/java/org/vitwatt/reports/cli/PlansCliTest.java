package org.vitwatt.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vitwatt.reports.cli.BadInputTest.assertLine;
import static org.vitwatt.reports.cli.BadInputTest.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;

/** {@code report --plans FILE}, plans.json found beside the results, and the line a bad plans file gets. */
class PlansCliTest {
    @TempDir
    Path dir;

    private static String plansText() throws Exception {
        try (var in = PlansCliTest.class.getResourceAsStream("/fixtures/plans-deit-tiny.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void plansJsonBesideTheResultsAddsBothTablesToEveryFormat() throws Exception {
        Path results = Files.writeString(dir.resolve("results.json"), Fixtures.realText());
        Files.writeString(dir.resolve("plans.json"), plansText());
        Path out = dir.resolve("o");
        assertEquals(0, run("report", results.toString(), "--out", out.toString(), "-q").code());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("Plan search: Pareto plans") && md.contains("mixed:blocks[0-11]=int8+head=int8"), md);
        assertTrue(Files.readString(out.resolve("plan-sensitivity.csv")).contains("blocks[11]"));
        assertTrue(Files.readString(out.resolve("plans.csv")).contains("mixed:blocks[0-11]=fp16"));
        assertTrue(Files.readString(out.resolve("index.html")).contains("mixed:patch_embed=int8+blocks[0-11]=int8"));
        assertTrue(Files.size(out.resolve("plots/plan-cost.svg")) > 0 && Files.size(out.resolve("plots/plan-cost.png")) > 0);
    }

    @Test
    void aBadPlansFileIsOneLineNamingItAndWhatIsWrong() throws Exception {
        Path results = Files.writeString(dir.resolve("results.json"), Fixtures.realText());
        String out = dir.resolve("o").toString();
        Path newer = Files.writeString(dir.resolve("newer.json"), "{\"format\": 2}\n");
        assertLine(run("report", results.toString(), "--plans", newer.toString(), "--out", out), 2,
                "vitwatt-reports: " + newer + ": not a plans.json of benchmarks.jar search: format 2, expected 1");
        Path bare = Files.writeString(dir.resolve("bare.json"), "{\"format\": 1, \"model\": \"deit_tiny\"}\n");
        assertLine(run("report", results.toString(), "--plans", bare.toString(), "--out", out), 2,
                "vitwatt-reports: " + bare + ": not a plans.json of benchmarks.jar search: no \"fp32\"");
        Path list = Files.writeString(dir.resolve("list.json"), "{\"format\": 1, \"pareto\": \"none\"}\n");
        assertLine(run("report", results.toString(), "--plans", list.toString(), "--out", out), 2,
                "vitwatt-reports: " + list + ":1:25: not a plans.json of benchmarks.jar search: \"pareto\" is a "
                        + "string, expected a list");
        Path cut = Files.writeString(dir.resolve("plans.json"), plansText().substring(0, 200));
        assertLine(run("report", results.toString(), "--out", out), 2,
                "vitwatt-reports: " + cut + ":9:10: not valid JSON: ends early (truncated?)");
        Path missing = dir.resolve("nope.json");
        assertLine(run("report", results.toString(), "--plans", missing.toString(), "--out", out), 2,
                "vitwatt-reports: " + missing + ": no such file");
    }
}
