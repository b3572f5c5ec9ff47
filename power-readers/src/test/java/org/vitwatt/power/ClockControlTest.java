package org.vitwatt.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.power.clocks.AppliedClocks;
import org.vitwatt.power.clocks.ClockChange;
import org.vitwatt.power.clocks.ClockControl;
import org.vitwatt.power.clocks.ClockRequest;

/**
 * -p gpuClock / -p cpuClock on fake TX2, Xavier NX and Orin trees and on the NVML stub: the nearest offered frequency,
 * the power mode's cap, restoring (also after the process holding the clocks is killed), and a refused write.
 */
class ClockControlTest {
    @TempDir
    static Path stubDir;
    static Path lib;
    static NvmlStub.Control stub;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildStub() throws Exception {
        lib = NvmlStub.build(stubDir, "new");
        stub = NvmlStub.control(lib);
    }

    @BeforeEach
    void reset() {
        stub.stub_reset();
    }

    private ClockControl control(Path sys) {
        return new ClockControl(sys, lib.toString(), dir.resolve("cache/clocks/changed.tsv"));
    }

    private static String text(Path p) throws Exception {
        return Files.readString(p).trim();
    }

    @Test
    void requestsParseAndBadOnesSayWhatToWrite() {
        assertEquals(ClockRequest.DEFAULT, ClockRequest.parse("gpuClock", "default"));
        assertEquals(new ClockRequest(ClockRequest.Kind.MAX, 0), ClockRequest.parse("gpuClock", "MAX"));
        assertEquals(new ClockRequest(ClockRequest.Kind.MHZ, 612), ClockRequest.parse("gpuClock", "612"));
        assertEquals(new ClockRequest(ClockRequest.Kind.MHZ, 612), ClockRequest.parse("gpuClock", "612MHz"));
        assertEquals("-p cpuClock=fast: give default, max or a frequency in MHz (e.g. -p cpuClock=612)",
                assertThrows(VitwattException.class, () -> ClockRequest.parse("cpuClock", "fast")).getMessage());
        assertEquals("-p gpuClock=-5: give default, max or a frequency in MHz (e.g. -p gpuClock=612)",
                assertThrows(VitwattException.class, () -> ClockRequest.parse("gpuClock", "-5")).getMessage());
    }

    @Test
    void orinGpuHeldAtTheNearestOfferedFrequencyAndPutBack() throws Exception {
        JetsonTrees.Board orin = JetsonTrees.orin(dir.resolve("sys"));
        ClockControl c = control(orin.sys());
        Path min = orin.gpu().resolve("min_freq");
        Path max = orin.gpu().resolve("max_freq");
        try (AppliedClocks applied = c.apply(ClockRequest.parse("gpuClock", "600"), ClockRequest.DEFAULT, 0)) {
            assertEquals("612000000", text(min)); // 612 MHz is the offered frequency nearest 600
            assertEquals("612000000", text(max));
            assertEquals(List.of("GPU 17000000.ga10b min_freq", "GPU 17000000.ga10b max_freq"),
                    applied.changes().stream().map(ClockChange::what).toList());
            assertEquals(2, c.ledger().entries().size(), "recorded before the change");
        }
        assertEquals("306000000", text(min));
        assertEquals("1300500000", text(max));
        assertFalse(Files.exists(c.ledger().file()), "nothing left to undo");
    }

    @Test
    void cpuClustersOfEachBoardHeldAtMaxAndAskingAboveThePowerModeCapSaysWhatItAllows() throws Exception {
        for (JetsonTrees.Board b : List.of(JetsonTrees.tx2(dir.resolve("tx2")), JetsonTrees.xavierNx(dir.resolve("nx")),
                JetsonTrees.orin(dir.resolve("orin")))) {
            ClockControl c = control(b.sys());
            List<String> before = b.policies().stream().map(p -> read(p.resolve("scaling_min_freq"))).toList();
            try (AppliedClocks applied = c.apply(ClockRequest.DEFAULT, ClockRequest.parse("cpuClock", "max"), 0)) {
                for (Path p : b.policies()) {
                    assertEquals(read(p.resolve("scaling_max_freq")), read(p.resolve("scaling_min_freq")), b.name());
                }
                assertEquals(2 * b.policies().size(), applied.changes().size());
            }
            assertEquals(before, b.policies().stream().map(p -> read(p.resolve("scaling_min_freq"))).toList(),
                    b.name());
        }
        JetsonTrees.Board nx = JetsonTrees.xavierNx(dir.resolve("capped"));
        // a power mode that caps the GPU at 522.75 MHz
        FakeSysfs.set(nx.gpu().resolve("max_freq"), 522_750_000L);
        VitwattException e = assertThrows(VitwattException.class,
                () -> control(nx.sys()).apply(ClockRequest.parse("gpuClock", "1100"), ClockRequest.DEFAULT, 0));
        assertEquals("-p gpuClock=1100 MHz: GPU 17000000.gv11b offers 1109.3 MHz at the nearest, above the 522.8 MHz "
                + "the power mode allows (" + nx.gpu().resolve("max_freq") + "); ask for at most 522.8 MHz, or another "
                + "power mode", e.getMessage());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void withoutAJetsonTheGpuIsLockedThroughNvmlAndReset() throws Exception {
        Files.createDirectories(dir.resolve("pc-sys"));
        ClockControl c = control(dir.resolve("pc-sys"));
        try (AppliedClocks applied = c.apply(ClockRequest.parse("gpuClock", "1000"), ClockRequest.DEFAULT, 0)) {
            assertEquals(900, stub.stub_locked_min()); // supported: 1980 1755 1500 1200 900 600 300; 900 is nearest
            assertEquals(900, stub.stub_locked_max());
            assertEquals("nvml gpu0 locked clocks 900 MHz (reset with nvmlDeviceResetGpuLockedClocks)",
                    applied.describe());
        }
        assertEquals(1, stub.stub_resets());
        try (AppliedClocks applied = c.apply(ClockRequest.parse("gpuClock", "max"), ClockRequest.DEFAULT, 0)) {
            assertEquals(1980, stub.stub_locked_min());
        }
        stub.stub_set_lock_rc(4); // NVML_ERROR_NO_PERMISSION: not root
        VitwattException e = assertThrows(VitwattException.class,
                () -> c.apply(ClockRequest.parse("gpuClock", "max"), ClockRequest.DEFAULT, 0));
        assertEquals("nvmlDeviceSetGpuLockedClocks(GPU 0, 1980 MHz) was refused: Insufficient Permissions (NVML_ERROR_NO_PERMISSION=4); "
                + "locking GPU clocks needs root: run as root (sudo) or leave the clock default", e.getMessage());
        assertFalse(Files.exists(c.ledger().file()), "a refused change is not left in the ledger");
    }

    @Test
    void aRefusedWriteIsOneLineAndWhatWasWrittenBeforeItIsUndone() throws Exception {
        JetsonTrees.Board orin = JetsonTrees.orin(dir.resolve("sys"));
        Path max = orin.gpu().resolve("max_freq");
        // a file this process may not write: read-only for a user; as root (who may write anything), a read-only
        // attribute of the real sysfs stands in, whose writes the kernel refuses with EACCES
        Path readOnly = Path.of("/sys/devices/system/cpu/cpu0/topology/core_id");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            assumeTrue(Files.isRegularFile(readOnly), "no " + readOnly + " to stand for a refused write");
            String value = read(readOnly);
            Files.delete(max);
            Files.createSymbolicLink(max, readOnly);
            FakeSysfs.write(orin.gpu().resolve("min_freq"), value); // max 0 (core_id): a floor that fits under it
        } else {
            max.toFile().setWritable(false);
        }
        String minBefore = read(orin.gpu().resolve("min_freq"));
        ClockControl c = control(orin.sys());
        VitwattException e = assertThrows(VitwattException.class,
                () -> c.apply(ClockRequest.parse("gpuClock", "max"), ClockRequest.DEFAULT, 0));
        assertTrue(e.getMessage().startsWith("cannot write "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" to " + max + ": permission denied; changing clocks needs root: run as root "
                + "(sudo), or leave -p gpuClock and -p cpuClock at default"), e.getMessage());
        assertEquals(minBefore, read(orin.gpu().resolve("min_freq")), "the floor written first is put back");
        assertFalse(Files.exists(c.ledger().file()));
    }

    @Test
    void clocksLeftChangedByAKilledProcessArePutBackByTheNextRun() throws Exception {
        JetsonTrees.Board tx2 = JetsonTrees.tx2(dir.resolve("sys"));
        Path ledger = dir.resolve("cache/clocks/changed.tsv");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ClockHolder.class.getName(),
                tx2.sys().toString(), ledger.toString(), "522").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("locked", out.readLine());
        }
        assertEquals("522750000", read(tx2.gpu().resolve("max_freq")));
        p.destroyForcibly(); // kill -9: no shutdown hook runs
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals("522750000", read(tx2.gpu().resolve("min_freq")), "the killed process left it changed");
        List<String> said = control(tx2.sys()).restoreLeftovers();
        assertEquals(List.of("put back GPU 17000000.gp10b max_freq = 1300500000 (a run that ended without restoring "
                + "had set 522750000)", "put back GPU 17000000.gp10b min_freq = 114750000 (a run that ended without "
                + "restoring had set 522750000)"), said);
        assertEquals("114750000", read(tx2.gpu().resolve("min_freq")));
        assertEquals("1300500000", read(tx2.gpu().resolve("max_freq")));
        assertFalse(Files.exists(ledger));
        assertEquals(List.of(), control(tx2.sys()).restoreLeftovers(), "nothing twice");
    }
}
