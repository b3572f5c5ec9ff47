package org.vitwatt.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input gives a one-line message that names the value and says what to do. */
class PowerOptionsTest {
    @TempDir
    Path dir;

    @Test
    void parsesTheProfilerStyleString() {
        PowerOptions o = PowerOptions.parse("readers=ina3221,nvml;rails=VDD_GPU,VDD_CPU;rateHz=500;idleSeconds=2.5;"
                + "sysfs=" + dir + ";gpu=1;tdp=65");
        assertEquals(List.of("ina3221", "nvml"), o.readers());
        assertEquals(List.of("VDD_GPU", "VDD_CPU"), o.rails());
        assertEquals(500, o.rateHz().getAsDouble());
        assertEquals(2.5, o.idleSeconds());
        assertEquals(dir, o.sysfs());
        assertEquals(1, o.gpu());
        assertEquals(65, o.tdp().getAsDouble());
        assertEquals("libnvidia-ml.so.1", o.nvmlLib());
        assertEquals(o, PowerOptions.parse(o.toString()));
        assertEquals(PowerOptions.defaults(), PowerOptions.parse(""));
        assertEquals(PowerOptions.defaults(), PowerOptions.parse(Map.of()));
        assertTrue(PowerOptions.parse("rateHz=auto").rateHz().isEmpty());
        assertTrue(PowerOptions.defaults().rateHz().isEmpty(), "auto is the default");
    }

    @Test
    void railsForSplitsQualifiedEntries() {
        PowerOptions o = PowerOptions.parse("rails=VDD_IN,rapl/package-0,nvml/gpu0");
        assertEquals(List.of(new PowerOptions.RailRequest("VDD_IN", false),
                new PowerOptions.RailRequest("package-0", true)), o.railsFor("rapl"));
    }

    @Test
    void badSyntax() {
        assertMessage("Option 'rateHz' has no value: write key=value pairs separated by ';' (known keys: readers, rails, "
                + "rateHz, idleSeconds, sysfs, nvmlLib, gpu, tdp, deviceState)", "rateHz");
        assertMessage("Unknown option 'rate' (did you mean 'rateHz'?); known options: readers, rails, rateHz, "
                + "idleSeconds, sysfs, nvmlLib, gpu, tdp, deviceState", "rate=1000");
        assertMessage("Option rateHz=fast is not a number; e.g. rateHz=1000, or rateHz=auto (the default)",
                "rateHz=fast");
        assertMessage("Option rateHz=0 is out of range (0, 100000]; e.g. rateHz=1000, or rateHz=auto (the default)",
                "rateHz=0");
        assertMessage("Option idleSeconds=-1 is out of range [0, 3600]; e.g. idleSeconds=5 (0 skips the idle baseline)",
                "idleSeconds=-1");
        assertMessage("Option gpu=1.5 is not a device index; e.g. gpu=0", "gpu=1.5");
        assertMessage("Option tdp=-3 is not a plausible TDP; give the CPU's TDP in watts, e.g. tdp=65", "tdp=-3");
        assertMessage("Option readers= has an empty value; e.g. readers=ina3221,nvml (ids: ina3221, nvml, rapl, "
                + "cpu-estimate)", "readers=");
        assertMessage("Option rails=A,,B has an empty entry; e.g. rails=VDD_GPU_SOC,VDD_CPU_CV or rails=rapl/package-0",
                "rails=A,,B");
        assertMessage("Option 'gpu' is given twice; give it once", "gpu=0;gpu=1");
        assertMessage("Option sysfs=/no/such/dir: no such directory; point it at a directory laid out like /sys (a fake "
                + "or recorded tree)", "sysfs=/no/such/dir");
    }

    @Test
    void unknownReaderIdListsTheKnownOnes() {
        PowerConfigException e = assertThrows(PowerConfigException.class,
                () -> PowerReaders.open(PowerOptions.parse("readers=ina3221,jetson")));
        assertEquals("Unknown power reader 'jetson'; known readers: ina3221, nvml, rapl, cpu-estimate (choose with "
                + "readers=A,B)", e.getMessage());
    }

    @Test
    void theEstimateWithoutATdpSaysToAddIt() {
        PowerConfigException e = assertThrows(PowerConfigException.class,
                () -> PowerReaders.open(PowerOptions.parse("readers=cpu-estimate")));
        assertEquals("The cpu-estimate reader needs the CPU's TDP in watts: add tdp=W (e.g. tdp=65)", e.getMessage());
    }

    @Test
    void aQualifiedRailOfAReaderNotChosenIsAnError() {
        PowerConfigException e = assertThrows(PowerConfigException.class,
                () -> PowerReaders.open(PowerOptions.parse("readers=rapl;rails=nvml/gpu0;sysfs=" + dir)));
        assertEquals("rails=nvml/gpu0 names reader 'nvml' which is not in readers=rapl; add it to readers= or drop the "
                + "rail", e.getMessage());
    }

    @Test
    void everyMessageIsOneLine() {
        for (String bad : List.of("x", "rate=1", "rateHz=a", "gpu=-1", "tdp=0", "sysfs=/nope", "rails=,")) {
            PowerConfigException e = assertThrows(PowerConfigException.class, () -> PowerOptions.parse(bad));
            assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
        }
    }

    private static void assertMessage(String expected, String spec) {
        PowerConfigException e = assertThrows(PowerConfigException.class, () -> PowerOptions.parse(spec));
        assertEquals(expected, e.getMessage());
    }
}
