package org.vitwatt.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Labels, families, parameters, record types and the journal's file-name rule. */
class VocabularyTest {
    @Test
    void familyLabelsCarryTheirArgumentInParentheses() {
        assertEquals("energy.total(ina3221/VDD_IN)", Metrics.ENERGY_TOTAL_RAIL.labelFor("ina3221/VDD_IN"));
        assertEquals("power.mean(nvml/gpu_0_)", Metrics.POWER_MEAN_RAIL.labelFor("nvml/gpu[0]"));
        assertEquals(Optional.of("ina3221/VDD_IN"), Metric.argumentOf("energy.total(ina3221/VDD_IN)"));
        assertEquals("energy.total", Metric.baseOf("energy.total(ina3221/VDD_IN)"));
        assertTrue(Metrics.ENERGY_TOTAL_RAIL.matches("energy.total(ina3221/VDD_IN)"));
        assertFalse(Metrics.ENERGY_TOTAL_RAIL.matches("energy.totalX"));
        assertEquals(Optional.of(Metrics.PRECISION_INT8_WEIGHTS), Metrics.of("precision.int8Weights(reduced)"));
        assertEquals(Optional.of(Metrics.ENERGY_PER_IMAGE), Metrics.of("energy.perImage"));
        assertEquals(Optional.empty(), Metrics.of("energy.perimage"));
        assertThrows(IllegalArgumentException.class, () -> new Metric("a(b)", "#", Metric.Aggregate.AVG, ""));
        assertEquals(Optional.of(Metrics.DEVICE_CLOCK_MIN), Metrics.of("device.clockMHz.min(gpu)"));
        assertEquals(Optional.of(Metrics.DEVICE_THROTTLED_REASON), Metrics.of("device.throttled(gpu:clock_drop)"));
        assertEquals(Optional.of(Metrics.DEVICE_THROTTLED), Metrics.of("device.throttled"));
        assertEquals(Metric.Aggregate.MIN, Metrics.DEVICE_CLOCK_MIN.aggregate());
        assertEquals(Metric.Aggregate.SUM, Metrics.ENERGY_VALID_ITERATIONS.aggregate());
        assertEquals(Metric.Aggregate.SUM, Metrics.ENERGY_INVALID.aggregate());
    }

    @Test
    void everyLabelIsUniqueAndSafeForJmhsJson() {
        Set<String> seen = new HashSet<>();
        for (Metric m : Metrics.ALL) {
            assertTrue(seen.add(m.label()), "duplicate label " + m.label());
            assertEquals(m.label(), Metric.argumentSafe(m.label()), m.label());
        }
    }

    @Test
    void parametersAndDefaults() {
        assertEquals("auto", Params.defaultOf(Params.INT8_WEIGHTS));
        assertEquals(List.of("model", "dataset", "precision", "provider", "powerMode", "calibration", "int8Weights",
                "batch", "threads", "accuracyLimit", "gpuClock", "cpuClock"),
                Params.ALL.stream().map(Params.Param::name).toList());
        assertEquals("default", Params.defaultOf(Params.GPU_CLOCK));
        assertThrows(IllegalArgumentException.class, () -> Params.defaultOf("modle"));
    }

    @Test
    void recordTypes() {
        assertEquals("benchmark", RecordType.BENCHMARK.id());
        assertEquals(Optional.of(RecordType.END), RecordType.of("end"));
        assertEquals(Optional.empty(), RecordType.of("restore-v9"));
    }

    @Test
    void theJournalSitsBesideTheResultFile() {
        assertEquals(Path.of("out/night.journal.jsonl"), JournalFiles.besideResult(Path.of("out/night.json")));
        assertEquals(Path.of("night.journal.jsonl"), JournalFiles.besideResult(Path.of("night.csv")));
        assertEquals(Path.of("night.v2.journal.jsonl"), JournalFiles.besideResult(Path.of("night.v2.json")));
        assertEquals(Path.of("results.journal.jsonl"), JournalFiles.besideResult(Path.of("results")));
        assertEquals(Path.of("jmh-result.journal.jsonl"), JournalFiles.forRun(Optional.empty(), true));
        assertEquals(Path.of("vitwatt-journal.jsonl"), JournalFiles.forRun(Optional.empty(), false));
        assertEquals(Path.of("r.journal.jsonl"), JournalFiles.forRun(Optional.of("r.json"), true));
    }

    @Test
    void bitsOfEachNumericType() {
        assertEquals(32, Bops.bits("FP32").getAsInt());
        assertEquals(8, Bops.bits("int8").getAsInt());
        assertTrue(Bops.bits("mixed:encoder=fp16").isEmpty());
        assertEquals(1_000_000L * 64.0, Bops.term(1_000_000L, 8, 8));
    }
}
