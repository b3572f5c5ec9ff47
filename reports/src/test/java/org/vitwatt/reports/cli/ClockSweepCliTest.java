package org.vitwatt.reports.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vitwatt.reports.cli.BadInputTest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;

/** {@code report} of a clock sweep writes its plot as SVG and PNG, listed in report.json; results without one do not. */
class ClockSweepCliTest {
    @TempDir
    Path dir;

    @Test
    void aSweepGetsItsPlotFilesAndResultsWithoutOneDoNot() throws Exception {
        Path sweep = Fixtures.write(dir.resolve("sweep.json"), List.of(Fixtures.atGpuClock("306", 60, 9, 306),
                Fixtures.atGpuClock("612", 35, 7, 612), Fixtures.atGpuClock("918", 25, 8, 918),
                Fixtures.atGpuClock("1300", 20, 10, 1300)));
        Path out = dir.resolve("o");
        assertEquals(0, run("report", sweep.toString(), "--latency-target", "30", "--out", out.toString(), "-q")
                .code());
        String svg = Files.readString(out.resolve("plots/clock-sweep-1.svg"));
        assertTrue(svg.contains("energy-optimal: 612 MHz (7 mJ/image)") && svg.contains(
                "lowest within 30 ms/image: 918 MHz"), svg.length() + " chars");
        assertTrue(Files.size(out.resolve("plots/clock-sweep-1.png")) > 0);
        assertTrue(Files.readString(out.resolve("report.json")).contains("\"kind\":\"clock-sweep\""));

        Path plain = Files.writeString(dir.resolve("results.json"), Fixtures.realText());
        Path out2 = dir.resolve("o2");
        assertEquals(0, run("report", plain.toString(), "--out", out2.toString(), "-q").code());
        assertFalse(Files.exists(out2.resolve("plots/clock-sweep-1.svg")));
    }
}
