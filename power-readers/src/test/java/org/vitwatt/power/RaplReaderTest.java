package org.vitwatt.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vitwatt.power.rapl.RaplReader;

/** RAPL powercap counters on a fake tree: exact energy, wrap-around, nested zones never summed. */
class RaplReaderTest {
    @TempDir
    Path dir;

    /** A small range so that 10 J wraps three times (Intel's real range is 262143328850 µJ). */
    static final long MAX = 3_000_000L;

    private PowerOptions opts(String extra) {
        return PowerOptions.parse("readers=rapl;sysfs=" + dir + (extra.isEmpty() ? "" : ";" + extra));
    }

    /** package-0 with core and dram sub-zones, package-1, psys; flat in class/powercap as the kernel lists them. */
    private Path tree(FakeSysfs fs) {
        Path p0 = fs.raplZone("intel-rapl:0", "package-0", 0, MAX);
        fs.raplZone("intel-rapl:0:0", "core", 100, MAX);
        fs.raplZone("intel-rapl:0:1", "dram", 200, MAX);
        fs.raplZone("intel-rapl:1", "package-1", 300, MAX);
        fs.raplZone("intel-rapl-mmio:0", "package-0", 0, MAX); // the MMIO duplicate: ignored
        return p0;
    }

    @Test
    void defaultsAreTheTopLevelZonesAndRailsPickSubZonesByLabelOrDirectory() throws Exception {
        tree(new FakeSysfs(dir));
        Availability a = new RaplReader().probe(opts(""));
        assertTrue(a.available(), a.reason());
        assertEquals(List.of("package-0", "package-0:core", "package-0:dram", "package-1"), a.channels());
        try (Sensor s = new RaplReader().open(opts(""))) {
            assertEquals(List.of("package-0", "package-1"), s.channels().stream().map(Channel::name).toList());
            assertEquals(Sensor.Kind.ENERGY_COUNTER, s.kind());
            assertEquals(MAX, s.wrapMicroJoules(0));
        }
        try (Sensor s = new RaplReader().open(opts("rails=package-0,package-0:dram,rapl/intel-rapl:0:0"))) {
            assertEquals(List.of("package-0", "package-0:dram", "package-0:core"),
                    s.channels().stream().map(Channel::name).toList());
            // nested zones are never summed: only package-0 is in the total
            assertEquals(List.of(true, false, false), s.channels().stream().map(Channel::inTotal).toList());
        }
        try (Sensor s = new RaplReader().open(opts("rails=package-0:dram"))) {
            assertTrue(s.channels().get(0).inTotal()); // alone, a sub-zone is the total
        }
    }

    @Test
    void psysContainsEverything() throws Exception {
        FakeSysfs fs = new FakeSysfs(dir);
        tree(fs);
        fs.raplZone("intel-rapl:2", "psys", 0, MAX);
        try (Sensor s = new RaplReader().open(opts(""))) {
            assertEquals(List.of("package-0", "package-1", "psys"), s.channels().stream().map(Channel::name).toList());
            assertEquals(List.of(false, false, true), s.channels().stream().map(Channel::inTotal).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONSTANT_5W", "RAMP", "SQUARE"})
    void counterEnergyIsExactAcrossWraps(String name) {
        DoubleUnaryOperator trace = Ina3221ReaderTest.trace(name);
        Path p0 = tree(new FakeSysfs(dir));
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(open(opts("rails=package-0"))), 1000, clock)) {
            long start = 123_456L; // counters do not start at 0
            long[] wraps = {0};
            long[] prev = {-1};
            WindowStats w = TraceDriver.drive(s, clock, Traces.SECONDS, t -> {
                long uj = (start + Math.round(Traces.energy(trace, t) * 1e6)) % MAX;
                if (prev[0] >= 0 && uj < prev[0]) {
                    wraps[0]++;
                }
                prev[0] = uj;
                FakeSysfs.set(p0.resolve("energy_uj"), uj);
            });
            assertEquals(3, wraps[0], "the trace must wrap");
            assertTrue(w.valid(), w.invalidReason());
            assertEquals(10.0, w.energyJoules(), 1e-9, name);
            assertEquals(5.0, w.meanWatts(), 1e-9);
            assertEquals(name.equals("CONSTANT_5W") ? 5.0 : name.equals("RAMP") ? 9.0 : 8.0, w.peakWatts(), 0.01);
        }
    }

    @Test
    void slowCounterUpdatesAreInterpolatedBetweenChanges() {
        // a counter that only moves every 10 ms, sampled at 1 kHz: 5 W constant
        Path p0 = tree(new FakeSysfs(dir));
        ManualClock clock = new ManualClock(TraceDriver.BASE);
        try (Sampler s = new Sampler(List.of(open(opts("rails=package-0"))), 1000, clock)) {
            TraceDriver.drive(s, clock, 1.0, t -> {
                long step = (long) Math.floor(t * 100 + 1e-9); // 10 ms updates
                FakeSysfs.set(p0.resolve("energy_uj"), step * 50_000L);
            });
            // a window that starts and ends between updates still gets 5 W x duration
            WindowStats w = s.window(TraceDriver.BASE + 103_000_000L, TraceDriver.BASE + 657_000_000L);
            assertEquals(5.0 * 0.554, w.energyJoules(), 1e-9);
            assertEquals(5.0, w.peakWatts(), 1e-9); // not 50 W from a 1 ms difference
        }
    }

    @Test
    void permissionDeniedNamesTheFileAndTheFix() {
        Path f = dir.resolve("class/powercap/intel-rapl:0/energy_uj");
        String why = RaplReader.reason(new AccessDeniedException(f.toString()), f);
        assertTrue(why.startsWith("cannot read " + f + ": permission denied"), why);
        assertTrue(why.contains("run as root or `sudo chmod o+r " + dir.resolve("class/powercap")
                + "/intel-rapl:*/energy_uj`"), why);
        // and through the reader, when the process really cannot read it (not as root, which reads anything)
        Path p0 = tree(new FakeSysfs(dir));
        assertTrue(p0.resolve("energy_uj").toFile().setReadable(false, false));
        Availability a = new RaplReader().probe(opts(""));
        if (!p0.resolve("energy_uj").toFile().canRead()) {
            assertFalse(a.available());
            assertTrue(a.reason().contains("permission denied") && a.reason().contains("chmod"), a.reason());
        }
    }

    @Test
    void noPowercapIsUnavailableWithAReason() {
        Availability a = new RaplReader().probe(opts(""));
        assertFalse(a.available());
        assertTrue(a.reason().startsWith("no RAPL zones under " + dir.resolve("class/powercap")), a.reason());
    }

    @Test
    void unknownZoneListsTheZonesPresent() {
        tree(new FakeSysfs(dir));
        PowerConfigException e = assertThrows(PowerConfigException.class,
                () -> PowerReaders.open(opts("rails=rapl/uncore")));
        assertEquals("Rail 'rapl/uncore' not found by rapl; rails present: package-0, package-0:core, package-0:dram, "
                + "package-1 (choose with rails=LABEL or rails=reader/LABEL)", e.getMessage());
    }

    private static Sensor open(PowerOptions o) {
        try {
            return new RaplReader().open(o);
        } catch (SensorException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
