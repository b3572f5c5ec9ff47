package org.vitwatt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void addsTheVitwattProfilerAndExpandsShortNames() {
        assertEquals(List.of("Inference", "-prof", VitwattProfiler.class.getName()),
                Main.rewrite(new String[] {"Inference"}));
        assertEquals(List.of("-prof", "org.vitwatt.bench.energy.EnergyProfiler:rateHz=100", "-prof", "gc", "-prof",
                VitwattProfiler.class.getName()), Main.rewrite(new String[] {"-prof", "energy:rateHz=100", "-prof",
                "gc"}));
        assertEquals(List.of("-prof", VitwattProfiler.class.getName()), Main.rewrite(new String[] {"-prof", "vitwatt"}));
    }

    private static String preflightError(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = Main.preflight(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(2, code, "exit code for " + String.join(" ", args));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.lines().count(), "one line: " + out);
        return out.trim();
    }

    @Test
    void badParameterValuesStopTheRunBeforeAnyFork() {
        assertTrue(preflightError("Inference", "-p", "model=resnet50")
                .startsWith("vitwatt: unknown model 'resnet50': known models are deit_tiny_patch16_224"));
        assertEquals("vitwatt: -p batch=0 must be >= 1", preflightError("-p", "batch=0"));
        assertTrue(preflightError("-p", "dataset=coco").startsWith("vitwatt: unknown dataset 'coco': use synthetic, "
                + "cifar10:DIR, imagenet:DIR, folder:DIR"));
        assertTrue(preflightError("-p", "provider=cuda").startsWith("vitwatt: provider 'cuda' is not in this ONNX "
                + "Runtime build"));
        assertTrue(preflightError("-p", "precision=fp4").startsWith("vitwatt: unknown precision 'fp4': use fp32, fp16, "
                + "int8, fp8, int4w"));
        assertTrue(preflightError("-p", "powerMode=MAXN").startsWith("vitwatt: power mode 'MAXN' asked for, but this "
                + "machine is not an NVIDIA Jetson"));
        assertEquals("vitwatt: -p gpuClock=fast: give default, max or a frequency in MHz (e.g. -p gpuClock=612)",
                preflightError("-p", "gpuClock=fast"));
        assertEquals("vitwatt: -p cpuClock=0: give default, max or a frequency in MHz (e.g. -p cpuClock=612)",
                preflightError("-p", "cpuClock=0"));
    }

    @Test
    void listingAndOtherBenchmarksAreLeftToJmh() {
        PrintStream silent = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, Main.preflight(new String[] {"-lp", "-p", "model=resnet50"}, silent));
        assertEquals(0, Main.preflight(new String[] {"SomethingElse", "-p", "model=resnet50"}, silent));
        assertEquals(0, Main.preflight(new String[] {"-e", "Inference", "-p", "model=resnet50"}, silent));
        assertEquals(0, Main.preflight(new String[] {"-badflag"}, silent));
    }
}
