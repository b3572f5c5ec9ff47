package org.vitwatt.reports.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;
import org.vitwatt.reports.perf.EnergyResults;

class SplitReadTest {
    @TempDir
    Path dir;

    static void assertSame(List<BenchmarkResult> want, List<BenchmarkResult> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            BenchmarkResult w = want.get(i);
            BenchmarkResult g = got.get(i);
            assertEquals(w.identity(), g.identity(), "result " + i);
            assertEquals(w.line(), g.line(), "line of result " + i);
            assertEquals(w.primary().score(), g.primary().score(), 0);
            assertEquals(w.secondary().keySet(), g.secondary().keySet());
        }
    }

    @Test
    void partsReadWhatOnePassReadsWithTheSameLines() throws Exception {
        Path f = EnergyResults.write(dir.resolve("r.json"), 120);
        List<BenchmarkResult> one = JmhJson.read(f);
        for (int parts = 2; parts <= 5; parts++) {
            List<BenchmarkResult> split = SplitRead.read(f, Files.size(f), parts);
            assertNotNull(split, parts + " parts");
            assertSame(one, split);
        }
    }

    @Test
    void aCutInsideAStringIsNeverBelieved() throws Exception {
        // every result carries text that looks like the start of an element: "}, {"
        List<JsonObject> rs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            JsonObject r = Fixtures.real().get(i % 4);
            JsonArray args = new JsonArray();
            args.add("-Dnote=}, {\"benchmark\": \"fake\", \"primaryMetric\": {\"score\": 1}}, {x".repeat(20));
            r.add("jvmArgs", args);
            Fixtures.param(r, "threads", Integer.toString(i));
            rs.add(r);
        }
        Path f = Fixtures.write(dir.resolve("tricky.json"), rs);
        List<BenchmarkResult> one = JmhJson.read(f);
        for (int parts = 2; parts <= 4; parts++) {
            List<BenchmarkResult> split = SplitRead.read(f, Files.size(f), parts);
            if (split != null) {
                assertSame(one, split); // a confirmed cut, or none: never a wrong result
            }
        }
    }

    @Test
    void aCutThatFallsInAStringIsRejected() throws Exception {
        List<JsonObject> rs = Fixtures.real().subList(0, 2);
        JsonArray args = new JsonArray();
        args.add("}, {\"benchmark\": \"org.vitwatt.bench.Fake.x\"}, {".repeat(5000)); // most of the file
        rs.get(0).add("jvmArgs", args);
        Path f = Fixtures.write(dir.resolve("one-long-string.json"), rs);
        assertNull(SplitRead.read(f, Files.size(f), 2), "the only cut candidate is inside a string");
        assertSame(JmhJson.read(f), JmhJson.read(f, true));
    }

    @Test
    void aTruncatedFileIsLeftToTheOnePassReadAndItsMessage() throws Exception {
        Path f = EnergyResults.write(dir.resolve("r.json"), 60);
        byte[] all = Files.readAllBytes(f);
        Path cut = Files.write(dir.resolve("cut.json"), Arrays.copyOf(all, all.length * 2 / 3));
        assertNull(SplitRead.read(cut, Files.size(cut), 3));
        InputException e = assertThrows(InputException.class, () -> JmhJson.read(cut, true));
        assertEquals(InputException.Kind.NOT_JSON, e.kind());
        InputException once = assertThrows(InputException.class, () -> JmhJson.read(cut, false));
        assertEquals(once.getMessage(), e.getMessage(), "the same line as a one-pass read");
    }
}
