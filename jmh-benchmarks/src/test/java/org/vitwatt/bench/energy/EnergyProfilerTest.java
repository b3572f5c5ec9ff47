package org.vitwatt.bench.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.profile.ProfilerFactory;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.vitwatt.bench.journal.Journal;
import org.vitwatt.bench.journal.JournalingOutputFormat;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.vitwatt.bench.JmhResults;
import org.vitwatt.power.WindowStats;
import org.vitwatt.results.Metrics;

/**
 * The energy profiler end to end through JMH's Runner API, against a fake INA3221 tree whose power the benchmark
 * controls: 4 W while idle (before the first iteration), 10 W while the benchmark runs.
 */
class EnergyProfilerTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void shareTheMachine() {
        // other builds on this machine may run JMH at the same time: do not fail on JMH's global lock file
        System.setProperty("jmh.ignoreLock", "true");
    }

    /** hwmon INA3221: VDD_IN (5000 mV x 800 mA = 4 W, the benchmark raises it) and VDD_CPU_GPU_CV (1.5 W, not in the total). */
    private Path board(long updateIntervalMs) throws IOException {
        Path hw = dir.resolve("sys/bus/i2c/drivers/ina3221/1-0040/hwmon/hwmon2");
        Files.createDirectories(hw);
        write(hw.resolve("update_interval"), updateIntervalMs);
        Files.writeString(hw.resolve("in1_label"), "VDD_IN\n");
        write(hw.resolve("in1_input"), 5000);
        write(hw.resolve("curr1_input"), 800);
        Files.writeString(hw.resolve("in2_label"), "VDD_CPU_GPU_CV\n");
        write(hw.resolve("in2_input"), 5000);
        write(hw.resolve("curr2_input"), 300);
        Files.writeString(hw.resolve("in3_label"), "NC\n");
        write(hw.resolve("in3_input"), 0);
        write(hw.resolve("curr3_input"), 0);
        return hw;
    }

    private static void write(Path p, long v) throws IOException {
        Files.writeString(p, String.format("%06d\n", v));
    }

    private ChainedOptionsBuilder options(String profilerOptions, Path curr, int forks) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(EnergyProbeBenchmark.class.getName() + ".work")
                .param("powerFile", curr == null ? "" : curr.toString())
                .warmupIterations(1).warmupTime(TimeValue.milliseconds(200))
                .measurementIterations(3).measurementTime(TimeValue.milliseconds(300))
                .forks(forks)
                .shouldFailOnError(true)
                .output(dir.resolve("jmh-" + System.nanoTime() + ".log").toString())
                .addProfiler(EnergyProfiler.class, profilerOptions);
        if (forks > 0) {
            b.jvmArgsAppend("-Djmh.ignoreLock=true", "-Xmx256m");
        }
        return b;
    }

    private static RunResult run(ChainedOptionsBuilder b) throws RunnerException {
        Collection<RunResult> rr = new Runner(b.build()).run();
        assertEquals(1, rr.size());
        return rr.iterator().next();
    }

    private static double v(Map<String, Result> sec, String label) {
        Result r = sec.get(label);
        assertNotNull(r, label + " missing; present: " + sec.keySet());
        return r.getScore();
    }

    @Test
    void forkedRunReportsEnergyPerOpPerImageAboveIdleAndPerRail() throws Exception {
        Path hw = board(1);
        Path json = dir.resolve("result.json");
        RunResult r = run(options("sysfs=" + dir.resolve("sys") + ";rateHz=1000;idleSeconds=0.5",
                hw.resolve("curr1_input"), 1).resultFormat(ResultFormatType.JSON).result(json.toString()));
        Map<String, Result> sec = r.getSecondaryResults();
        // JMH's -rf json stays valid JSON with the per-channel labels in it
        JsonObject metrics = JsonParser.parseString(Files.readString(json)).getAsJsonArray().get(0).getAsJsonObject()
                .getAsJsonObject("secondaryMetrics");
        assertEquals(sec.get("energy.total(ina3221/VDD_IN)").getScore(),
                metrics.getAsJsonObject("energy.total(ina3221/VDD_IN)").get("score").getAsDouble(), 1e-12);
        assertEquals("mJ/image", metrics.getAsJsonObject("energy.perImage").get("scoreUnit").getAsString());
        double score = r.getPrimaryResult().getScore(); // ms/op
        double mean = v(sec, "power.mean");
        assertEquals(4.0, v(sec, "power.idle"), 1e-9, "idle: 5000 mV x 800 mA");
        assertEquals(10.0, v(sec, "power.peak"), 1e-9, "busy: 5000 mV x 2000 mA");
        assertTrue(mean > 9.5 && mean <= 10.0 + 1e-9, "power.mean " + mean);
        double total = v(sec, "energy.total");
        // W x ms/op = mJ/op: the window is the measured loop the benchmark marks, nothing else
        double ratio = total / (mean * score);
        assertTrue(ratio > 0.99 && ratio < 1.01, "energy.total " + total + " vs power x time " + mean * score);
        assertEquals(total / 4, v(sec, "energy.perImage"), 1e-9 * total);
        double above = v(sec, "energy.aboveIdle");
        assertEquals(total * (mean - 4.0) / mean, above, 0.02 * total);
        assertEquals(above / 4, v(sec, "energy.perImage.aboveIdle"), 1e-9 * total);
        assertEquals(total, v(sec, "energy.total(ina3221/VDD_IN)"), 1e-9 * total);
        assertEquals(mean, v(sec, "power.mean(ina3221/VDD_IN)"), 1e-9);
        assertEquals(1.5, v(sec, "power.mean(ina3221/VDD_CPU_GPU_CV)"), 1e-9); // measured, not in the total
        assertTrue(v(sec, "energy.rateHz") > 500 && v(sec, "energy.rateHz") < 1100, "rate " + v(sec, "energy.rateHz"));
        assertTrue(v(sec, "energy.samples") > 150, "samples " + v(sec, "energy.samples"));
        assertEquals("mJ/op", sec.get("energy.total").getScoreUnit());
        assertEquals("mJ/image", sec.get("energy.perImage").getScoreUnit());
        assertEquals("W", sec.get("power.peak").getScoreUnit());
        assertEquals("#", sec.get("energy.samples").getScoreUnit());
        assertEquals("Hz", sec.get("energy.rateHz").getScoreUnit());
        for (String absent : List.of("energy.warning.shortWindow", "energy.estimate")) {
            assertNull(sec.get(absent), absent);
        }
        assertEquals(0.0, v(sec, "energy.invalid"), "no iteration invalid");
        assertEquals(3.0, v(sec, "energy.validIterations"));
        assertEquals(3, sec.get("energy.total").getSampleCount()); // one per measurement iteration
        // what the total summed: VDD_IN alone (the module input), not the sub-rail
        assertEquals(1.0, v(sec, "energy.inTotal(ina3221/VDD_IN)"));
        assertNull(sec.get("energy.inTotal(ina3221/VDD_CPU_GPU_CV)"));
        assertEquals(1000.0, v(sec, "energy.targetRateHz"));
        assertEquals(1.0, v(sec, "energy.updateMs(ina3221)"), "update_interval 1 ms");
    }

    @Test
    void aSensorThatVanishesMidRunMarksItsIterationsInvalidAndTheRunGoesOn() throws Exception {
        Path hw = board(1);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        RunResult r;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            // iteration 1 is the warm-up; the device goes away at the start of iteration 3 (2nd measurement)
            try (Journal journal = Journal.open(dir.resolve("run.journal.jsonl"))) {
                OutputFormat console = OutputFormatFactory.createFormatInstance(
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), VerboseMode.SILENT);
                Collection<RunResult> rr = new Runner(options("sysfs=" + dir.resolve("sys") + ";idleSeconds=0.2",
                        hw.resolve("curr1_input"), 0).param("vanishAtIteration", "3").build(),
                        new JournalingOutputFormat(console, journal, "run-1", System.err)).run();
                r = rr.iterator().next();
            }
        } finally {
            System.setErr(old);
        }
        // the journal's iteration records keep the reason; its benchmark record holds what -rf json holds
        List<JsonObject> records = Files.readAllLines(dir.resolve("run.journal.jsonl")).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        List<JsonObject> measured = records.stream().filter(o -> o.get("type").getAsString().equals("iteration")
                && !o.get("warmup").getAsBoolean()).toList();
        assertEquals(3, measured.size());
        JsonObject invalidRecord = measured.get(1).getAsJsonObject("secondary").getAsJsonObject("energy.invalid");
        assertEquals(1.0, invalidRecord.get("score").getAsDouble());
        assertTrue(invalidRecord.get("note").getAsString().startsWith("ina3221: sensor vanished: " + hw),
                invalidRecord.toString());
        assertFalse(measured.get(0).getAsJsonObject("secondary").getAsJsonObject("energy.invalid").has("note"));
        JsonObject benchmark = records.stream().filter(o -> o.get("type").getAsString().equals("benchmark"))
                .findFirst().orElseThrow().getAsJsonObject("result").getAsJsonObject("secondaryMetrics");
        assertEquals(measured.get(0).getAsJsonObject("secondary").getAsJsonObject("energy.total").get("score")
                .getAsDouble(), benchmark.getAsJsonObject("energy.total").get("score").getAsDouble(), 1e-12);
        assertEquals(2.0, benchmark.getAsJsonObject("energy.invalid").get("score").getAsDouble());
        assertEquals(1.0, benchmark.getAsJsonObject("energy.validIterations").get("score").getAsDouble());
        List<Map<String, Result>> its = new ArrayList<>();
        for (IterationResult ir : r.getBenchmarkResults().iterator().next().getIterationResults()) {
            its.add(ir.getSecondaryResults());
        }
        assertEquals(3, its.size());
        assertTrue(its.get(0).containsKey("energy.total"));
        assertEquals(0.0, v(its.get(0), "energy.invalid"));
        for (Map<String, Result> it : its.subList(1, 3)) {
            assertEquals(1.0, v(it, "energy.invalid"));
            assertEquals(0.0, v(it, "energy.validIterations"));
            for (String label : it.keySet()) {
                assertFalse(label.startsWith("power.") || label.startsWith("energy.total")
                        || label.startsWith("energy.perImage") || label.startsWith("energy.aboveIdle")
                        || label.startsWith("energy.inTotal"), label);
            }
        }
        // what JMH aggregates: the valid iteration alone, never the invalid ones as zeros
        Map<String, Result> sec = r.getSecondaryResults();
        assertEquals(v(its.get(0), "energy.total"), v(sec, "energy.total"), 1e-12);
        assertEquals(v(its.get(0), "power.mean"), v(sec, "power.mean"), 1e-12);
        assertEquals(10.0, v(sec, "power.mean"), 1e-9);
        assertEquals(1, sec.get("energy.total").getSampleCount());
        assertEquals(1.0, v(sec, "energy.validIterations"));
        assertEquals(2.0, v(sec, "energy.invalid"));
        String printed = err.toString(StandardCharsets.UTF_8);
        List<String> invalid = printed.lines().filter(l -> l.contains("energy invalid")).toList();
        assertEquals(1, invalid.size(), printed);
        assertTrue(invalid.get(0).startsWith("energy: measurement iteration 2: energy invalid, its energy and power "
                + "figures are left out: ina3221: sensor vanished: " + hw), invalid.get(0));
        assertTrue(r.getPrimaryResult().getScore() > 0);
    }

    @Test
    void withoutWarmUpTheWindowIsStillTheMeasuredLoopAloneNotTheTrialSetupNorTheTeardown() throws Exception {
        Path hw = board(1);
        // a 1 s trial setup at 4 W inside JMH's first iteration, and 100 ms of iteration teardown at 4 W after each
        RunResult r = run(options("sysfs=" + dir.resolve("sys") + ";rateHz=1000;idleSeconds=0.2",
                hw.resolve("curr1_input"), 0).warmupIterations(0).param("trialSetupMillis", "1000")
                .param("setupMilliamps", "800").param("teardownMilliamps", "800"));
        List<Map<String, Result>> its = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (IterationResult ir : r.getBenchmarkResults().iterator().next().getIterationResults()) {
            its.add(ir.getSecondaryResults());
            scores.add(ir.getPrimaryResult().getScore());
        }
        for (int i = 0; i < its.size(); i++) {
            Map<String, Result> it = its.get(i);
            // busy power only: with the 1 s trial setup at 4 W inside, the first 300 ms window would read 5.4 W, and
            // with the 100 ms teardown inside any would read 8.5 W; the only blur is the trapezoid from the last 4 W
            // sample to the first 10 W one (1 ms apart at 1 kHz, more when the loaded machine delays the sampler)
            double mean = v(it, "power.mean");
            assertTrue(mean > 9.5 && mean <= 10.0 + 1e-9, "iteration " + (i + 1) + ": power.mean " + mean);
            // energy per op is that power over the time JMH measured, per op
            double ratio = v(it, "energy.total") / (mean * scores.get(i));
            assertTrue(ratio > 0.99 && ratio < 1.01, "iteration " + (i + 1) + ": " + v(it, "energy.total")
                    + " mJ/op vs " + mean + " W x " + scores.get(i) + " ms/op");
        }
        assertEquals(3.0, v(r.getSecondaryResults(), "energy.validIterations"));
    }

    @Test
    void aBenchmarkThatDoesNotMarkItsSpanHasItsFirstIterationWithoutWarmUpInvalid() throws Exception {
        Path hw = board(1);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        RunResult r;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            r = run(options("sysfs=" + dir.resolve("sys") + ";idleSeconds=0.2", hw.resolve("curr1_input"), 0)
                    .warmupIterations(0).param("marks", "false").param("trialSetupMillis", "500"));
        } finally {
            System.setErr(old);
        }
        List<Map<String, Result>> its = new ArrayList<>();
        for (IterationResult ir : r.getBenchmarkResults().iterator().next().getIterationResults()) {
            its.add(ir.getSecondaryResults());
        }
        assertEquals(1.0, v(its.get(0), "energy.invalid"));
        assertNull(its.get(0).get("energy.total"));
        assertTrue(its.get(1).containsKey("energy.total") && its.get(2).containsKey("energy.total"));
        Map<String, Result> sec = r.getSecondaryResults();
        assertEquals(2.0, v(sec, "energy.validIterations"));
        assertEquals(1.0, v(sec, "energy.invalid"));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("energy: measurement iteration 1: energy invalid, its energy and power figures are "
                + "left out: the first measurement iteration holds JMH's trial setup (no warm-up iteration and the "
                + "benchmark does not mark its measured span): add a warm-up iteration (-wi 1)"), printed);
        assertTrue(printed.contains("energy: " + EnergyProbeBenchmark.class.getName() + ".work does not mark its "
                + "measured span"), printed);
    }

    /** An AGX Orin's GPU devfreq device at 1300.5 MHz beside the INA3221 board. */
    private Path orinGpu() throws IOException {
        Path gpu = dir.resolve("sys/class/devfreq/17000000.ga10b");
        Files.createDirectories(gpu.resolve("device/of_node"));
        Files.writeString(gpu.resolve("device/of_node/name"), "ga10b\0");
        Files.writeString(gpu.resolve("cur_freq"), "1300500000\n");
        Files.writeString(gpu.resolve("min_freq"), "306000000\n");
        Files.writeString(gpu.resolve("max_freq"), "1300500000\n");
        Path zone = dir.resolve("sys/class/thermal/thermal_zone1");
        Files.createDirectories(zone);
        Files.writeString(zone.resolve("type"), "gpu-thermal\n");
        Files.writeString(zone.resolve("temp"), "51500\n");
        return gpu.resolve("cur_freq");
    }

    @Test
    void aGpuClockDropInTheSecondOfThreeIterationsIsThrottlingOfThatIterationAndTheResultSaysSo() throws Exception {
        Path hw = board(1);
        Path clock = orinGpu();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        RunResult r;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            // warm-up = iteration 1, so measurement 2 = iteration 3; the clock drops 150 ms into its 300 ms
            r = run(options("sysfs=" + dir.resolve("sys") + ";idleSeconds=0.2", hw.resolve("curr1_input"), 0)
                    .param("clockFile", clock.toString()).param("dropAtIteration", "3").forks(1)
                    .jvmArgsAppend("-Djmh.ignoreLock=true", "-Xmx256m"));
        } finally {
            System.setErr(old);
        }
        List<Map<String, Result>> its = new ArrayList<>();
        for (IterationResult ir : r.getBenchmarkResults().iterator().next().getIterationResults()) {
            its.add(ir.getSecondaryResults());
        }
        for (int i : new int[] {0, 2}) {
            assertEquals(0.0, v(its.get(i), "device.throttled"), "iteration " + (i + 1));
            assertEquals(1300.5, v(its.get(i), "device.clockMHz.min(gpu)"), 1e-9);
        }
        double second = v(its.get(1), "device.throttled");
        // part of iteration 2, neither none nor all of it: where in the iteration the drop lands depends on the
        // scheduler of a loaded machine; the share's arithmetic is exact in DeviceStateTest
        assertTrue(second > 0 && second < 1, "a part of iteration 2 (100 ms state samples): " + second);
        assertEquals(second, v(its.get(1), "device.throttled(gpu:clock_drop)"), 1e-12);
        assertEquals(612.0, v(its.get(1), "device.clockMHz.min(gpu)"), 1e-9);
        assertEquals(1300.5, v(its.get(1), "device.clockMHz.max(gpu)"), 1e-9);
        assertEquals(51.5, v(its.get(1), "device.tempC.max(gpu-thermal)"), 1e-9);
        // what JMH aggregates: the lowest clock, the worst iteration's throttled share, not averages that hide the dip
        Map<String, Result> sec = r.getSecondaryResults();
        assertEquals(612.0, v(sec, "device.clockMHz.min(gpu)"), 1e-9);
        assertEquals(1300.5, v(sec, "device.clockMHz.max(gpu)"), 1e-9);
        assertEquals(second, v(sec, "device.throttled"), 1e-12);
        assertEquals(3.0, v(sec, "energy.validIterations"), "throttling does not invalidate the energy");
        String printed = err.toString(StandardCharsets.UTF_8);
        List<String> warnings = printed.lines().filter(l -> l.contains("throttled")).toList();
        assertEquals(1, warnings.size(), printed);
        assertTrue(warnings.get(0).startsWith("energy: measurement iteration 2 of " + EnergyProbeBenchmark.class.getName()
                + ".work: throttled "), warnings.get(0));
        assertTrue(warnings.get(0).endsWith(" of the time: gpu clock 612 MHz < 1300.5 MHz, its clock at the run's start "
                + "(device.throttled)"), warnings.get(0));
    }

    @Test
    void withNoSensorTheProfilerSaysSoOnceAndTheRunGoesOn() throws Exception {
        Files.createDirectories(dir.resolve("empty-sys"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        RunResult r;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            r = run(options("sysfs=" + dir.resolve("empty-sys") + ";nvmlLib=libnvidia-ml-absent.so.1", null, 0));
        } finally {
            System.setErr(old);
        }
        assertTrue(r.getSecondaryResults().keySet().stream().noneMatch(k -> k.startsWith("energy") || k.startsWith("power")),
                r.getSecondaryResults().keySet().toString());
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.lines().filter(l -> l.startsWith("energy: no power sensor available here")).count(),
                printed);
        assertTrue(printed.contains("ina3221: no INA3221 rails under") && printed.contains("nvml: cannot load NVML"),
                printed);
        assertTrue(r.getPrimaryResult().getScore() > 0);
    }

    @Test
    void iterationsShorterThanTenSensorUpdatesAreFlagged() throws Exception {
        Path hw = board(50); // update_interval 50 ms: a 300 ms iteration spans 6 updates
        RunResult r = run(options("sysfs=" + dir.resolve("sys") + ";idleSeconds=0", hw.resolve("curr1_input"), 0));
        Map<String, Result> sec = r.getSecondaryResults();
        assertEquals(1.0, v(sec, "energy.warning.shortWindow"));
        assertTrue(sec.containsKey("energy.total"));
        assertNull(sec.get("power.idle"), "idleSeconds=0: no baseline");
        assertNull(sec.get("energy.aboveIdle"));
    }

    @Test
    void theCpuEstimateIsFlaggedAsAnEstimate() throws Exception {
        RunResult r = run(options("readers=cpu-estimate;tdp=35;idleSeconds=0.2", null, 0));
        Map<String, Result> sec = r.getSecondaryResults();
        assertEquals(1.0, v(sec, "energy.estimate"));
        double w = v(sec, "power.mean(cpu-estimate/cpu)");
        assertTrue(w > 0 && w <= 35 + 1e-9, "estimate " + w); // load x TDP never exceeds the TDP (35 W)
    }

    @Test
    void helpListsTheReadersAndWhyTheyAreNotAvailable() {
        ProfilerException e = assertThrows(ProfilerException.class,
                () -> new EnergyProfiler("help;sysfs=" + dir + ";nvmlLib=libnvidia-ml-absent.so.1"));
        String help = e.getMessage();
        for (String id : List.of("ina3221", "nvml", "rapl", "cpu-estimate")) {
            assertTrue(help.contains("  " + id + " "), id + " in " + help);
        }
        assertTrue(help.contains("NOT available: no RAPL zones under " + dir.resolve("class/powercap")), help);
        assertTrue(help.contains("NOT available: The cpu-estimate reader needs the CPU's TDP"), help);
        assertTrue(help.contains("energy.perImage.aboveIdle") && help.contains("energy.total(reader/rail)"), help);
    }

    @Test
    void badOptionsStopTheRunWithOneLine() {
        assertEquals("energy: Option rateHz=fast is not a number; e.g. rateHz=1000, or rateHz=auto (the default)",
                assertThrows(ProfilerException.class, () -> new EnergyProfiler("rateHz=fast")).getMessage());
        assertEquals("energy: Unknown power reader 'tegrastats'; known readers: ina3221, nvml, rapl, cpu-estimate "
                + "(choose with readers=A,B)",
                assertThrows(ProfilerException.class, () -> new EnergyProfiler("readers=tegrastats")).getMessage());
        assertEquals("energy: The cpu-estimate reader needs the CPU's TDP in watts: add tdp=W (e.g. tdp=65)",
                assertThrows(ProfilerException.class, () -> new EnergyProfiler("readers=cpu-estimate")).getMessage());
        RunnerException re = assertThrows(RunnerException.class,
                () -> run(options("rateHz=fast", null, 0)));
        assertTrue(String.valueOf(re.getMessage()).contains("rateHz=fast") || re.getCause() != null
                && String.valueOf(re.getCause().getMessage()).contains("rateHz=fast"), String.valueOf(re));
    }

    @Test
    void anUnknownRailStopsTheRunBeforeAnyForkAndListsTheRailsPresent() throws Exception {
        board(1);
        ProfilerException e = assertThrows(ProfilerException.class,
                () -> new EnergyProfiler("sysfs=" + dir.resolve("sys") + ";rails=VDD_GPU"));
        assertEquals("energy: Rail 'VDD_GPU' not found by ina3221; rails present: VDD_IN, VDD_CPU_GPU_CV (choose with "
                + "rails=LABEL or rails=reader/LABEL)", e.getMessage());
    }

    @Test
    void channelLabelsAvoidTheCharactersJmhsJsonWriterMangles() {
        assertEquals("energy.total(ina3221/VDD_IN)", JmhResults.of(Metrics.ENERGY_TOTAL_RAIL,
                new WindowStats.ChannelStats("ina3221", "VDD_IN", true, 1, 1, 1).key(), 1).getLabel());
        assertEquals("power.mean(x/a_b_c_)", JmhResults.of(Metrics.POWER_MEAN_RAIL,
                new WindowStats.ChannelStats("x", "a[b,c]", true, 1, 1, 1).key(), 1).getLabel());
    }

    @Test
    void jmhDiscoversTheProfilerThroughItsServiceFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProfilerFactory.listProfilers(new PrintStream(out, true, StandardCharsets.UTF_8));
        String list = out.toString(StandardCharsets.UTF_8);
        assertTrue(list.contains(EnergyProfiler.class.getName() + ": Energy per operation"), list);
        assertTrue(list.contains("(discovered)"), list);
    }
}
