package org.vitwatt.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitwatt.power.clocks.ClockRequest;
import org.vitwatt.core.data.DatasetSpec;
import org.vitwatt.core.precision.CalibrationSpec;
import org.vitwatt.core.precision.Int8Weights;
import org.vitwatt.feedback.VitwattException;

class BenchmarkSpecTest {
    private static String error(String model, String dataset, String precision, String provider, String batch,
            String threads) {
        return assertThrows(VitwattException.class,
                () -> BenchmarkSpec.parse(model, dataset, precision, provider, batch, threads)).getMessage();
    }

    @Test
    void parsesTheDefaults() {
        BenchmarkSpec s = BenchmarkSpec.parse("deit_tiny", "synthetic", "fp32", "cpu", "1", "0");
        assertEquals(new BenchmarkSpec("deit_tiny", DatasetSpec.SYNTHETIC, Precision.FP32, Provider.CPU, 0, 1, 0,
                CalibrationSpec.DEFAULT, Int8Weights.AUTO, -1, "any", ClockRequest.DEFAULT, ClockRequest.DEFAULT), s);
        BenchmarkSpec gpu = BenchmarkSpec.parse("deit_tiny", "synthetic", "fp16", "tensorrt:1", "8", "0");
        assertEquals(Provider.TENSORRT, gpu.provider());
        assertEquals(1, gpu.device());
        assertEquals(Provider.TENSORRT, Provider.parse("TRT"));
        assertEquals(new Precision(Precision.Kind.MIXED, "encoder=fp16+others=int8"),
                Precision.parse("mixed:encoder=fp16+others=int8"));
        assertEquals("mixed:encoder=fp16+others=int8", Precision.parse("mixed:encoder=fp16+others=int8").id());
    }

    @Test
    void eachBadValueNamesItsFlag() {
        assertEquals("-p batch=0 must be >= 1", error("m", "synthetic", "fp32", "cpu", "0", "0"));
        assertEquals("-p batch=two is not a whole number: give e.g. -p batch=1",
                error("m", "synthetic", "fp32", "cpu", "two", "0"));
        assertEquals("-p threads=-1 must be >= 0 (0 = ONNX Runtime's default)",
                error("m", "synthetic", "fp32", "cpu", "1", "-1"));
        assertEquals("unknown provider 'rocm': use one of cpu, cuda, tensorrt (-p provider=...)",
                error("m", "synthetic", "fp32", "rocm", "1", "0"));
        assertEquals("unknown precision 'bf16': use fp32, fp16, int8, fp8, int4w or mixed:<plan> "
                + "(e.g. mixed:encoder=fp16+others=int8)", error("m", "synthetic", "bf16", "cpu", "1", "0"));
        assertEquals("-p provider=cuda:x: 'x' is not a GPU index; write e.g. cuda:0",
                error("m", "synthetic", "fp32", "cuda:x", "1", "0"));
        assertEquals("-p provider=cpu:1: the cpu provider takes no device index; use cpu",
                error("m", "synthetic", "fp32", "cpu:1", "1", "0"));
        assertEquals("precision 'mixed' needs a plan, e.g. -p precision=mixed:encoder=fp16+others=int8",
                error("m", "synthetic", "mixed", "cpu", "1", "0"));
    }

    @Test
    void everyParameterIsParsedFromOneMap() {
        BenchmarkSpec s = BenchmarkSpec.parse(Map.of("precision", "int8", "calibration", "entropy:64",
                "int8Weights", "reduced", "accuracyLimit", "500", "powerMode", "MAXN"));
        assertEquals(CalibrationSpec.parse("entropy:64"), s.calibration());
        assertEquals(Int8Weights.REDUCED, s.int8Weights());
        assertEquals(500, s.accuracyLimit());
        assertEquals("MAXN", s.powerMode());
        assertEquals("deit_tiny", s.model(), "a missing parameter takes its default");
        assertEquals("-p accuracyLimit=-5 is not 'all', 0 (skip) or a number of images", assertThrows(
                VitwattException.class, () -> BenchmarkSpec.parse(Map.of("accuracyLimit", "-5")))
                .getMessage());
    }
}
