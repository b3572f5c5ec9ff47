package org.vitwatt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.models.graph.GraphBuilder;
import org.vitwatt.models.graph.Value;
import org.vitwatt.models.graph.Weights;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.OnnxFiles;
import org.vitwatt.models.onnx.TensorData;
import org.vitwatt.reports.cli.ReportsCli;

/** Runs the shaded {@code benchmarks.jar} as a user does: a real JMH run with a fork, and bad input. */
class BenchmarksJarIT {
    static final Path JAR = Path.of("target", "benchmarks.jar");

    /**
     * The JVM option that gives a test's benchmarks.jar its own temporary folder, and with it its own JMH lock
     * ({@code java.io.tmpdir/jmh.lock}): JMH refuses to start while another JMH run holds the machine's lock, which
     * is right for measurements but would fail tests whenever another build on the machine runs JMH.
     */
    static String ownJmhLock(Path tmp) {
        return "-Djava.io.tmpdir=" + tmp;
    }

    @TempDir
    Path tmp;

    record Run(int exit, String stdout, String stderr) {
    }

    Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dvitwatt.cache=" + tmp.resolve("cache"), ownJmhLock(tmp), "-jar", JAR.toString()));
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

    /** A model ONNX Runtime loads but cannot run: its Reshape asks for rows of 7 from 192 values. */
    private Path modelThatFailsAtItsFirstInference() throws Exception {
        Path model = tmp.resolve("reshape7.onnx");
        GraphBuilder g = new GraphBuilder("reshape7", new Weights("t"));
        Value in = g.input("input", GraphBuilder.FLOAT, "batch", 3, 8, 8);
        Value shape = g.initializer(TensorData.raw("shape", DataTypes.INT64, new long[] {2},
                ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).putLong(7).array()));
        Value rows = g.op("Reshape", List.of(in, shape));
        Value w = g.initializer(TensorData.floatTensor("w", new long[] {7, 10}, new float[70]));
        g.output(g.rename(g.op("MatMul", List.of(rows, w)), "logits"), GraphBuilder.FLOAT, "batch", 10);
        OnnxFiles.write(g.build("t", "t"), model);
        return model;
    }

    @Test
    void aModelOnnxRuntimeCannotRunIsOneLineBeforeAnyFork() throws Exception {
        Path model = modelThatFailsAtItsFirstInference();
        Run r = run("Inference", "-p", "model=" + model, "-f", "1", "-wi", "0", "-i", "1", "-r", "1");
        assertEquals(2, r.exit(), r.stderr());
        List<String> ours = r.stderr().lines().filter(l -> l.startsWith("vitwatt: ")).toList();
        assertTrue(ours.get(ours.size() - 1).startsWith("vitwatt: ONNX Runtime cannot run model " + model
                + " on input float[1, 3, 8, 8]: "), r.stderr());
        assertFalse(r.stdout().contains("# Fork:"), "no fork started: " + r.stdout());
    }

    @Test
    void aBenchmarkThatFailsInItsForkIsOneLineAndANonZeroExit() throws Exception {
        Path json = tmp.resolve("failed.json");
        Run r = run("Inference", "-p", "model=deit_tiny", "-f", "1", "-wi", "0", "-i", "1", "-r", "1",
                "-jvmArgsAppend", "-XX:+NoSuchOptionInTheFork", "-rf", "json", "-rff", json.toString());
        assertEquals(1, r.exit(), r.stderr());
        List<String> ours = r.stderr().lines().filter(l -> l.contains(" failed: ")).toList();
        assertEquals(1, ours.size(), r.stderr());
        assertTrue(ours.get(0).startsWith("vitwatt: InferenceBenchmark.infer {accuracyLimit=all, batch=1, "
                + "calibration=minmax:128, "), ours.get(0));
        assertTrue(ours.get(0).endsWith("failed: forked VM failed with exit code 1: Unrecognized VM option "
                + "'NoSuchOptionInTheFork'"), ours.get(0));
        assertTrue(r.stderr().contains("vitwatt: 1 benchmark(s) failed and have no result; the others' results were "
                + "written"), r.stderr());
    }

    @Test
    void anotherJmhRunHoldingTheLockIsOneLineAndExitOne() throws Exception {
        try (FileChannel lock = FileChannel.open(tmp.resolve("jmh.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = lock.lock()) {
            Run r = run("Inference", "-p", "model=deit_tiny", "-f", "1", "-wi", "0", "-i", "1", "-r", "1");
            assertEquals(1, r.exit(), r.stderr());
            String last = r.stderr().strip().lines().reduce((a, b) -> b).orElse("");
            assertEquals("vitwatt: JMH did not run: Another JMH instance might be running. Unable to acquire the JMH "
                    + "lock (" + tmp.resolve("jmh.lock") + "), exiting. Use -Djmh.ignoreLock=true to forcefully "
                    + "continue.", last);
            assertFalse(r.stderr().contains("\tat "), "no stack trace: " + r.stderr());
        }
    }

    @Test
    void precisionsOfOneModelInOneRun() throws Exception {
        Path json = tmp.resolve("precision.json");
        Run r = run("Inference", "-p", "model=deit_tiny", "-p", "precision=fp32,int8,mixed:encoder=fp16+others=int8",
                "-p", "calibration=minmax:16", "-f", "1", "-wi", "1", "-w", "1", "-i", "1", "-r", "1", "-rf", "json",
                "-rff", json.toString());
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("vitwatt: calibrating (minmax): 16/16 images"), "calibrated in preflight");
        JsonArray all = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonArray();
        assertEquals(3, all.size());
        double fp32Mib = 0;
        for (var e : all) {
            JsonObject b = e.getAsJsonObject();
            String precision = b.getAsJsonObject("params").get("precision").getAsString();
            JsonObject sec = b.getAsJsonObject("secondaryMetrics");
            double mib = sec.getAsJsonObject("model.fileMiB").get("score").getAsDouble();
            if (precision.equals("fp32")) {
                fp32Mib = mib;
                assertTrue(!sec.has("accuracy.agreement"), "FP32 is its own reference");
            } else {
                double agreement = sec.getAsJsonObject("accuracy.agreement").get("score").getAsDouble();
                assertTrue(agreement > 50 && agreement <= 100, precision + " agreement " + agreement);
                assertEquals(64, sec.getAsJsonObject("accuracy.agreementImages").get("score").getAsDouble());
            }
            if (precision.equals("int8")) {
                assertTrue(mib < 0.35 * fp32Mib && mib > 0, "int8 file is about a quarter: " + mib);
            }
            assertTrue(sec.has("session.firstRunMs"));
        }
        // the reports read what the benchmark wrote (JSON + journal) as a user runs them
        Path out = tmp.resolve("report");
        StringWriter rout = new StringWriter();
        StringWriter rerr = new StringWriter();
        int code = ReportsCli.run(new String[] {"report", json.toString(), "--out",
            out.toString()}, new PrintWriter(rout, true), new PrintWriter(rerr, true));
        assertEquals(0, code, rerr.toString());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("mixed:encoder=fp16+others=int8") && md.contains("int8"), md);
        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
        assertEquals(1, report.get("schemaVersion").getAsInt());
        assertTrue(Files.size(out.resolve("index.html")) > 10_000);
    }

    @Test
    void planNamingAGroupTheModelLacksStopsBeforeAnyFork() throws Exception {
        Run r = run("Inference", "-p", "precision=mixed:blocks[12-13]=int8");
        assertEquals(2, r.exit());
        assertEquals("vitwatt: precision plan rule blocks[12-13]=int8 names blocks up to 13 but this model has 12 "
                + "blocks (groups: patch_embed, encoder = blocks[0-11], head, others)", r.stderr().lines()
                .filter(l -> l.startsWith("vitwatt: precision")).findFirst().orElse(r.stderr()));
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
