package org.vitwatt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -prof energy:OPTIONS} mistakes through benchmarks.jar's launcher, on fake sysfs trees: exit code 2, the one
 * useful line on stderr (prefixed {@code vitwatt: energy: }), nothing on stdout, and no journal left behind, for every
 * benchmark (the check comes before the run's benchmarks are looked at).
 */
class EnergyOptionErrorsTest {
    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    private Outcome launch(String profiler) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = Main.rewrite(new String[] {"SomeBenchmark", "-prof", profiler, "-rf", "json", "-rff",
            dir.resolve("r.json").toString()}).toArray(String[]::new);
        int code = Launcher.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve("r.journal.jsonl")), "a journal was left behind");
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8).trim());
    }

    private void assertError(String expected, String profiler) {
        Outcome o = launch(profiler);
        assertEquals(2, o.code(), o.err());
        assertEquals("", o.out());
        assertEquals(expected, o.err());
    }

    /** TX2-like iio board: 0-0040 GPU/SOC, 0-0041 VDD_IN (its power file optional) and VDD_SYS_CPU. */
    private Path tx2(boolean inputPowerFile) throws IOException {
        Path sys = dir.resolve("sys");
        Path a = sys.resolve("bus/i2c/drivers/ina3221x/0-0040/iio:device0");
        Path b = sys.resolve("bus/i2c/drivers/ina3221x/0-0041/iio:device1");
        Files.createDirectories(a);
        Files.createDirectories(b);
        Files.writeString(a.resolve("rail_name_0"), "VDD_SYS_GPU\n");
        Files.writeString(a.resolve("in_power0_input"), "1200\n");
        Files.writeString(a.resolve("rail_name_1"), "VDD_SYS_SOC\n");
        Files.writeString(a.resolve("in_power1_input"), "800\n");
        Files.writeString(b.resolve("rail_name_0"), "VDD_IN\n");
        if (inputPowerFile) {
            Files.writeString(b.resolve("in_power0_input"), "5000\n");
        }
        Files.writeString(b.resolve("rail_name_1"), "VDD_SYS_CPU\n");
        Files.writeString(b.resolve("in_power1_input"), "900\n");
        return b;
    }

    @Test
    void anUnknownReader() {
        assertError("vitwatt: energy: Unknown power reader 'tegrastats'; known readers: ina3221, nvml, rapl, "
                + "cpu-estimate (choose with readers=A,B)", "energy:readers=tegrastats");
    }

    @Test
    void aMissingSysfsDirectory() {
        assertError("vitwatt: energy: Option sysfs=" + dir.resolve("nope") + ": no such directory; point it at a "
                + "directory laid out like /sys (a fake or recorded tree)", "energy:sysfs=" + dir.resolve("nope"));
    }

    @Test
    void anUnknownRailListsTheRailsPresent() throws IOException {
        tx2(true);
        assertError("vitwatt: energy: Rail 'VDD_GPU' not found by ina3221; rails present: VDD_SYS_GPU, VDD_SYS_SOC, "
                + "VDD_IN, VDD_SYS_CPU (choose with rails=LABEL or rails=reader/LABEL)",
                "energy:sysfs=" + dir.resolve("sys") + ";rails=VDD_GPU");
    }

    @Test
    void anOptionWithoutAValue() {
        assertError("vitwatt: energy: Option 'rateHz' has no value: write key=value pairs separated by ';' (known "
                + "keys: readers, rails, rateHz, idleSeconds, sysfs, nvmlLib, gpu, tdp, deviceState)", "energy:rateHz");
    }

    @Test
    void theInputRailThatWouldBeTheTotalCannotBeRead() throws IOException {
        Path b = tx2(false);
        assertError("vitwatt: energy: ina3221: the board input rail VDD_IN cannot be read: " + b.resolve("in_power0_input")
                + " does not exist; without it the total would silently become the sum of the other rails. Check the "
                + "INA3221 driver, or name the rails to sum with rails=VDD_SYS_GPU,VDD_SYS_SOC,VDD_SYS_CPU",
                "energy:sysfs=" + dir.resolve("sys"));
    }

    @Test
    void aNamedRailWhosePowerFileIsMissing() throws IOException {
        Path b = tx2(false);
        assertError("vitwatt: energy: Rail 'VDD_IN' of ina3221 cannot be read: " + b.resolve("in_power0_input")
                + " does not exist (its label is " + b.resolve("rail_name_0") + "); check the INA3221 driver, or "
                + "choose readable rails with rails=VDD_SYS_GPU,VDD_SYS_SOC,VDD_SYS_CPU",
                "energy:sysfs=" + dir.resolve("sys") + ";rails=VDD_IN");
    }

    @Test
    void theEstimateWithoutATdp() {
        assertError("vitwatt: energy: The cpu-estimate reader needs the CPU's TDP in watts: add tdp=W (e.g. tdp=65)",
                "energy:readers=cpu-estimate");
    }
}
