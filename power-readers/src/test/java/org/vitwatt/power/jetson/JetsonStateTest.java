package org.vitwatt.power.jetson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.power.jetson.JetsonState.Frequency;
import org.vitwatt.power.jetson.JetsonState.PowerMode;
import org.vitwatt.feedback.VitwattException;

/** {@link JetsonState} on fake trees laid out as an AGX Orin (JetPack 6), a TX2 (JetPack 4), a Thor and a PC. */
class JetsonStateTest {
    @TempDir
    Path root;

    /** An excerpt of an AGX Orin 64GB /etc/nvpmodel.conf: parameter blocks, comments, then the modes and the default. */
    static final String ORIN_CONF = """
            < PARAM TYPE=FILE NAME=CPU_ONLINE >
            CORE_0 /sys/devices/system/cpu/cpu0/online
            # MAXN is the NONE power model to release all constraints
            < POWER_MODEL ID=0 NAME=MAXN >
            CPU_ONLINE CORE_0 1
            GPU MAX_FREQ -1
            #< POWER_MODEL ID=9 NAME=COMMENTED_OUT >
            < POWER_MODEL ID=1 NAME=MODE_15W >
            GPU MAX_FREQ 408000000
            < POWER_MODEL NAME=MODE_30W ID=2 >
            < POWER_MODEL ID=3 NAME=MODE_50W >
            < PM_CONFIG DEFAULT=2 >
            """;

    private Path write(String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private void orin() throws IOException {
        write("etc/nvpmodel.conf", ORIN_CONF);
        write("var/lib/nvpmodel/status", "pmode:0001\n");
        write("sys/class/devfreq/17000000.ga10b/device/of_node/name", "ga10b\0");
        write("sys/class/devfreq/17000000.ga10b/cur_freq", "306000000\n");
        write("sys/class/devfreq/17000000.ga10b/min_freq", "306000000\n");
        write("sys/class/devfreq/17000000.ga10b/max_freq", "408000000\n");
        write("sys/class/devfreq/17000000.ga10b/governor", "nvhost_podgov\n");
        // another devfreq device that is not the GPU (listed first)
        write("sys/class/devfreq/15340000.vic/device/of_node/name", "vic\0");
        write("sys/class/devfreq/15340000.vic/cur_freq", "115200000\n");
        for (int c = 0; c < 3; c++) {
            String d = "sys/devices/system/cpu/cpu" + c + "/";
            write(d + "online", c == 2 ? "0\n" : "1\n");
            write(d + "cpufreq/scaling_cur_freq", (1420800 - c * 100) + "\n");
            write(d + "cpufreq/scaling_min_freq", "115200\n");
            write(d + "cpufreq/scaling_max_freq", "1420800\n");
            write(d + "cpufreq/scaling_governor", "schedutil\n");
        }
        write("sys/kernel/debug/bpmp/debug/clk/emc/rate", "2133000000\n");
        write("sys/kernel/debug/bpmp/debug/clk/emc/min_rate", "204000000\n");
        write("sys/kernel/debug/bpmp/debug/clk/emc/max_rate", "3199000000\n");
    }

    @Test
    void orinStateExactly() throws IOException {
        orin();
        JetsonState s = JetsonState.read(root);
        assertTrue(s.isJetson());
        assertEquals(List.of(new PowerMode(0, "MAXN"), new PowerMode(1, "MODE_15W"), new PowerMode(2, "MODE_30W"),
                new PowerMode(3, "MODE_50W")), s.modes());
        assertEquals(OptionalInt.of(2), s.defaultMode());
        assertEquals(Optional.of(new PowerMode(1, "MODE_15W")), s.powerMode());
        assertEquals(root.resolve("var/lib/nvpmodel/status").toString(), s.powerModeSource());
        assertEquals(Optional.of(new Frequency("gpu", OptionalLong.of(306_000_000), OptionalLong.of(306_000_000),
                OptionalLong.of(408_000_000), Optional.of("nvhost_podgov"))), s.gpu());
        assertEquals(Optional.of(306.0), s.gpu().get().currentMHz());
        assertEquals(List.of(
                new Frequency("cpu0", OptionalLong.of(1_420_800_000), OptionalLong.of(115_200_000),
                        OptionalLong.of(1_420_800_000), Optional.of("schedutil")),
                new Frequency("cpu1", OptionalLong.of(1_420_700_000), OptionalLong.of(115_200_000),
                        OptionalLong.of(1_420_800_000), Optional.of("schedutil"))), s.cpus(), "cpu2 is offline");
        assertEquals(Optional.of(new Frequency("emc", OptionalLong.of(2_133_000_000L), OptionalLong.of(204_000_000),
                OptionalLong.of(3_199_000_000L), Optional.empty())), s.emc());
        assertEquals(List.of(), s.unavailable());
        assertEquals(Optional.of(root.resolve("sys/class/devfreq/17000000.ga10b/cur_freq")), s.gpuCurrentFrequencyFile());
        write("sys/class/devfreq/17000000.ga10b/cur_freq", "1300500000\n");
        assertEquals(OptionalLong.of(1_300_500_000), JetsonState.readHz(s.gpuCurrentFrequencyFile().get()));
    }

    @Test
    void theGuardSaysWhichModeAndHowToSwitch() throws IOException {
        orin();
        JetsonState s = JetsonState.read(root);
        assertEquals(Optional.empty(), s.powerModeMismatch("MODE_15W"));
        assertEquals(Optional.empty(), s.powerModeMismatch("15w"));
        assertEquals(Optional.empty(), s.powerModeMismatch("mode 15W"));
        assertEquals(Optional.empty(), s.powerModeMismatch(" 1 "));
        assertEquals(Optional.of("the board is in power mode MODE_15W (id 1), not MAXN (id 0): switch with "
                + "'sudo nvpmodel -m 0' (it may ask to reboot) and run again"), s.powerModeMismatch("maxn"));
        assertEquals(Optional.of("the board is in power mode MODE_15W (id 1), not MODE_50W (id 3): switch with "
                + "'sudo nvpmodel -m 3' (it may ask to reboot) and run again"), s.powerModeMismatch("3"));
        VitwattException e = assertThrows(VitwattException.class, () -> s.powerModeMismatch("MAXN_SUPER"));
        assertEquals("power mode 'MAXN_SUPER' is not one of this board's modes: 0=MAXN, 1=MODE_15W, 2=MODE_30W, "
                + "3=MODE_50W", e.getMessage());
        assertEquals("power mode '7' is not one of this board's modes: 0=MAXN, 1=MODE_15W, 2=MODE_30W, 3=MODE_50W",
                assertThrows(VitwattException.class, () -> s.powerModeMismatch("7")).getMessage());
        assertEquals("power mode '': give a mode name such as MAXN, or a mode id",
                assertThrows(VitwattException.class, () -> s.powerModeMismatch(" ")).getMessage());
    }

    @Test
    void withoutAStatusFileTheDefaultApplies() throws IOException {
        orin();
        Files.delete(root.resolve("var/lib/nvpmodel/status"));
        JetsonState s = JetsonState.read(root);
        assertEquals(Optional.of(new PowerMode(2, "MODE_30W")), s.powerMode());
        assertEquals(root.resolve("etc/nvpmodel.conf") + " DEFAULT (no " + root.resolve("var/lib/nvpmodel/status")
                + ": nvpmodel applies the default)", s.powerModeSource());
        assertEquals(Optional.of("the board is in power mode MODE_30W (id 2), not MAXN (id 0): switch with "
                + "'sudo nvpmodel -m 0' (it may ask to reboot) and run again"), s.powerModeMismatch("MAXN"));
    }

    @Test
    void aStatusWithAnIdTheConfigDoesNotNameStillCounts() throws IOException {
        orin();
        write("var/lib/nvpmodel/status", "pmode:0007 fmode:quiet\n");
        JetsonState s = JetsonState.read(root);
        assertEquals(Optional.of(new PowerMode(7, "")), s.powerMode());
        assertEquals(Optional.of("the board is in power mode mode 7, not MAXN (id 0): switch with 'sudo nvpmodel -m 0' "
                + "(it may ask to reboot) and run again"), s.powerModeMismatch("MAXN"));
        write("var/lib/nvpmodel/status", "garbage\n");
        JetsonState g = JetsonState.read(root);
        assertEquals(Optional.empty(), g.powerMode());
        assertEquals(List.of("power mode: " + root.resolve("var/lib/nvpmodel/status") + " has no pmode:N (garbage)"),
                g.unavailable());
        assertEquals("power mode 'MAXN' asked for, but the current mode cannot be read (power mode: "
                + root.resolve("var/lib/nvpmodel/status") + " has no pmode:N (garbage)); check with 'nvpmodel -q'",
                assertThrows(VitwattException.class, () -> g.powerModeMismatch("MAXN")).getMessage());
    }

    @Test
    void tx2WithTheLegacyEmcClockAndNoCpufreqOnOneCore() throws IOException {
        write("etc/nv_tegra_release", "# R32 (release), REVISION: 7.1\n");
        write("etc/nvpmodel.conf", "< POWER_MODEL ID=0 NAME=MAXN >\n< POWER_MODEL ID=1 NAME=MAXQ >\n"
                + "< POWER_MODEL ID=2 NAME=MAXP_CORE_ALL >\n< PM_CONFIG DEFAULT=3 >\n");
        write("var/lib/nvpmodel/status", "pmode:0000\n");
        write("sys/class/devfreq/17000000.gp10b/device/of_node/name", "gp10b\0");
        write("sys/class/devfreq/17000000.gp10b/cur_freq", "1300500000\n");
        write("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", "2035200\n");
        Files.createDirectories(root.resolve("sys/devices/system/cpu/cpu1"));
        write("sys/kernel/debug/clk/override.emc/clk_rate", "1866000000\n");
        JetsonState s = JetsonState.read(root);
        assertEquals(Optional.of(new PowerMode(0, "MAXN")), s.powerMode());
        assertEquals(Optional.of(1300.5), s.gpu().get().currentMHz());
        assertEquals(OptionalLong.empty(), s.gpu().get().max());
        assertEquals(Optional.of(new Frequency("emc", OptionalLong.of(1_866_000_000L), OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty())), s.emc());
        Path gpu = root.resolve("sys/class/devfreq/17000000.gp10b");
        Path cpu0 = root.resolve("sys/devices/system/cpu/cpu0/cpufreq");
        assertEquals(List.of("gpu: no " + gpu.resolve("min_freq"), "gpu: no " + gpu.resolve("max_freq"),
                "cpu0: no " + cpu0.resolve("scaling_min_freq"), "cpu0: no " + cpu0.resolve("scaling_max_freq"),
                "cpu1 frequency: no " + root.resolve("sys/devices/system/cpu/cpu1/cpufreq")), s.unavailable());
        assertEquals(Optional.empty(), s.powerModeMismatch("maxn"));
    }

    @Test
    void thorUsesItsGpcDevfreqAndBandwidthManager() throws IOException {
        write("etc/nvpmodel.conf", "< POWER_MODEL ID=0 NAME=MAXN >\n< POWER_MODEL ID=1 NAME=120W >\n");
        write("var/lib/nvpmodel/status", "pmode:0001\n");
        write("sys/class/devfreq/gpu-gpc-0/cur_freq", "1575000000\n");
        write("sys/class/devfreq/gpu-gpc-0/min_freq", "0\n");
        write("sys/class/devfreq/gpu-gpc-0/max_freq", "1575000000\n");
        write("sys/class/devfreq/bwmgr/cur_freq", "4266000000\n");
        JetsonState s = JetsonState.read(root);
        assertEquals(Optional.of(1575.0), s.gpu().get().currentMHz());
        assertEquals(OptionalLong.of(4_266_000_000L), s.emc().get().current());
        assertEquals(Optional.empty(), s.powerModeMismatch("120w"));
    }

    @Test
    void aPcIsNotAJetsonAndAskingForAModeSaysSo() throws IOException {
        write("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq", "3600000\n");
        JetsonState s = JetsonState.read(root);
        assertFalse(s.isJetson());
        assertEquals(Optional.empty(), s.powerMode());
        assertEquals(List.of(), s.cpus(), "not read off a Jetson");
        VitwattException e = assertThrows(VitwattException.class, () -> s.powerModeMismatch("MAXN"));
        assertEquals("power mode 'MAXN' asked for, but this machine is not an NVIDIA Jetson (no "
                + root.resolve("etc/nvpmodel.conf") + " or " + root.resolve("etc/nv_tegra_release") + "): nvpmodel power "
                + "modes exist only on Jetson boards", e.getMessage());
    }

    @Test
    void aJetsonWithoutNvpmodel() throws IOException {
        write("proc/device-tree/compatible", "nvidia,p2371-2180\0nvidia,tegra210\0");
        JetsonState s = JetsonState.read(root);
        assertTrue(s.isJetson());
        assertTrue(s.unavailable().contains("power mode: " + root.resolve("etc/nvpmodel.conf") + " does not exist (this "
                + "board has no nvpmodel)"), s.unavailable().toString());
        assertEquals("power mode 'MAXN' asked for, but " + root.resolve("etc/nvpmodel.conf") + " defines no POWER_MODEL: "
                + "this board has no nvpmodel power modes",
                assertThrows(VitwattException.class, () -> s.powerModeMismatch("MAXN")).getMessage());
    }

    @Test
    void thisMachine() {
        // this build machine is not a Jetson; on one, the state must at least name a power mode
        JetsonState s = JetsonState.current();
        if (s.isJetson()) {
            assertTrue(s.powerMode().isPresent() || !s.unavailable().isEmpty());
        } else {
            assertThrows(VitwattException.class, () -> s.powerModeMismatch("MAXN"));
        }
    }
}
