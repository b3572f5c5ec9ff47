package org.vitwatt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded {@code benchmarks.jar} as a user does: a real JMH run with a fork, and bad input. */
class BenchmarksJarIT {
    static final Path JAR = Path.of("target", "benchmarks.jar");

    @TempDir
    Path tmp;

    record Run(int exit, String stdout, String stderr) {
    }

    Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dvitwatt.cache=" + tmp.resolve("cache"), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("out").toFile())
                .redirectError(tmp.resolve("err").toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "benchmarks.jar finished");
        return new Run(p.exitValue(), Files.readString(tmp.resolve("out")), Files.readString(tmp.resolve("err")));
    }

    @Test
    void defaultBenchmarkWritesJmhJsonWithParametersAndVitwattMetrics() throws Exception {
        Path json = tmp.resolve("result.json");
        Run r = run("Inference", "-p", "model=deit_tiny", "-f", "1", "-wi", "1", "-w", "1", "-i", "2", "-r", "1",
                "-rf", "json", "-rff", json.toString());
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("InferenceBenchmark.infer"), r.stdout());
        assertTrue(r.stderr().contains("vitwatt: building deit_tiny_patch16_224"), "build progress on stderr");
        JsonArray all = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonArray();
        assertEquals(1, all.size());
        JsonObject b = all.get(0).getAsJsonObject();
        assertEquals("org.vitwatt.bench.InferenceBenchmark.infer", b.get("benchmark").getAsString());
        JsonObject params = b.getAsJsonObject("params");
        assertEquals("deit_tiny", params.get("model").getAsString());
        assertEquals("synthetic", params.get("dataset").getAsString());
        assertEquals("fp32", params.get("precision").getAsString());
        assertEquals("cpu", params.get("provider").getAsString());
        assertEquals("1", params.get("batch").getAsString());
        assertEquals("ms/op", b.getAsJsonObject("primaryMetric").get("scoreUnit").getAsString());
        double ms = b.getAsJsonObject("primaryMetric").get("score").getAsDouble();
        assertTrue(ms > 0.5 && ms < 10_000, "a plausible latency: " + ms);
        JsonObject sec = b.getAsJsonObject("secondaryMetrics");
        assertEquals(5_717_416.0, sec.getAsJsonObject("model.params").get("score").getAsDouble());
        assertEquals(1.258411200, sec.getAsJsonObject("model.gmacs").get("score").getAsDouble(), 1e-9);
        assertEquals(1.0, sec.getAsJsonObject("model.syntheticWeights").get("score").getAsDouble());
        assertTrue(sec.getAsJsonObject("memory.peakRss").get("score").getAsDouble() > 50);
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws Exception {
        Run r = run("Inference", "-p", "model=resnet50");
        assertEquals(2, r.exit());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().startsWith("vitwatt: unknown model 'resnet50'"), r.stderr());
        Path junk = Files.writeString(tmp.resolve("junk.onnx"), "not a model");
        r = run("Inference", "-p", "model=" + junk);
        assertEquals(2, r.exit());
        assertTrue(r.stderr().startsWith("vitwatt: model file " + junk + " is not an ONNX model"), r.stderr());
    }

    @Test
    void listingShowsTheModels() throws Exception {
        Run r = run("-lp");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("param \"model\" = {deit_tiny}"), r.stdout());
        assertTrue(r.stdout().contains("Models for -p model="), r.stdout());
        assertTrue(r.stdout().contains("deit_small_patch16_224  (deit_small"), r.stdout());
    }
}
