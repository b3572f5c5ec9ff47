package org.vitwatt.core.precision;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.Precision;
import org.vitwatt.core.Provider;
import org.vitwatt.core.accuracy.AccuracyOutcome;
import org.vitwatt.core.accuracy.AccuracyResult;
import org.vitwatt.core.accuracy.TrialData;
import org.vitwatt.core.data.DatasetSpec;
import org.vitwatt.core.sys.CpuIsa;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.store.ModelStore;

/**
 * FP8 and INT4-weight accuracy on the committed trained fixture (fixtures/trained, 500 labelled test images; FP8
 * calibrated on 100 others). FP8 on a CPU is a simulation: ONNX Runtime rounds every quantized activation and weight
 * to E4M3FN and computes in FP32, so the result does not depend on the CPU's integer kernels. INT4W needs no
 * calibration: its weights are 4-bit, its activations FP32.
 */
class TrainedModelLowBitTest {
    @TempDir
    static Path cache;
    static ModelRef model;
    static TrialData data;
    static AccuracyResult fp32;

    @BeforeAll
    static void scoreFp32() throws Exception {
        model = ModelRef.resolve(new ModelStore(Catalog.standard(), List.of(), cache),
                TrainedModelInt8Test.FIXTURE.resolve("shapes_vit.onnx").toString(), OrtEnvironment.getEnvironment(),
                s -> { });
        data = TrialData.load(DatasetSpec.parse(TrainedModelInt8Test.TEST_SET), model, 1, "all", 16,
                cache.resolve("datasets"), s -> { });
        fp32 = score(model.resolved().file(), Map.of());
    }

    @AfterAll
    static void close() {
        data.close();
    }

    static AccuracyResult score(Path file, Map<String, String> config) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            for (Map.Entry<String, String> e : config.entrySet()) {
                so.addConfigEntry(e.getKey(), e.getValue());
            }
            try (OrtSession s = env.createSession(file.toString(), so)) {
                AccuracyOutcome o = data.score(s, env, model, 50, TrainedModelInt8Test.TEST_SET, p -> { });
                return o.result().orElseThrow(() -> new AssertionError(o.notAvailable().orElse("no result")));
            }
        }
    }

    static AccuracyResult run(String precision) throws Exception {
        CalibrationSpec calibration = TrainedModelInt8Test.CALIBRATION;
        ModelVariant v = new PrecisionVariants(cache, OrtEnvironment.getEnvironment()).resolve(model,
                Precision.parse(precision), Provider.CPU, calibration,
                Int8Weights.AUTO.choose(Provider.CPU, CpuIsa.current()), () -> CalibrationImages.load(model,
                        calibration, DatasetSpec.parse(TrainedModelInt8Test.TEST_SET), s -> { }), s -> { });
        AccuracyResult r = score(v.file(), VariantSessionConfig.of(v));
        System.out.printf(Locale.ROOT, "trained fixture, %s: top-1 %.1f %% (FP32 %.1f %%), agreement with FP32 "
                + "%.1f %% of %d%n", precision, r.top1Percent(), fp32.top1Percent(), r.agreementPercent(fp32),
                r.images());
        return r;
    }

    /**
     * Top-1 within 1 point of FP32's and the same prediction on at least 96 % of the images. Measured on a 2-vCPU AMD
     * EPYC (AVX-512 VNNI): FP8 top-1 80.6 % against FP32's 80.8 %, agreement 97.0 %; MP A 81.0 %, agreement 97.4 %
     * (INT8 on the same images: 98.4 %). E4M3's 3 mantissa bits round each value by up to 1/16 of its magnitude,
     * coarser than INT8's grid near the top of a range, which is where this fixture's decisive logits sit. The bound
     * leaves one point of agreement below what was measured for the FP32 kernels of other CPUs, whose summation order
     * moves some values across an FP8 rounding boundary.
     */
    @Test
    void fp8KeepsTop1WithinOnePointOfFp32() throws Exception {
        AccuracyResult r = run("fp8");
        assertTrue(fp32.top1Percent() - r.top1Percent() <= 1.0, "FP8 top-1 " + r.top1Percent() + " % vs FP32 "
                + fp32.top1Percent() + " %");
        assertTrue(r.agreementPercent(fp32) >= 96, "agreement " + r.agreementPercent(fp32));
    }

    /** MP A (encoder FP16, patch embedding and head FP8), under the same bound as FP8. */
    @Test
    void mpAKeepsTop1WithinOnePointOfFp32() throws Exception {
        AccuracyResult r = run("mixed:encoder=fp16+others=fp8");
        assertTrue(fp32.top1Percent() - r.top1Percent() <= 1.0, "MP A top-1 " + r.top1Percent() + " % vs FP32 "
                + fp32.top1Percent() + " %");
        assertTrue(r.agreementPercent(fp32) >= 96, "agreement " + r.agreementPercent(fp32));
    }

    /**
     * INT4W: top-1 within 2 points of FP32's and agreement of at least 95 %. Measured on a 2-vCPU AMD EPYC (AVX-512
     * VNNI): top-1 79.8 % against 80.8 %, agreement 97.2 %. 15 levels per block of 32 weights round each weight by up
     * to 1/14 of its block's largest, nine times INT8's step, so the top-1 bound is twice INT8's; ONNX Runtime's
     * MatMulNBits dequantizes to FP32 ({@code accuracy_level} 0), so only the weights' rounding is measured.
     */
    @Test
    void int4wKeepsTop1WithinTwoPointsOfFp32() throws Exception {
        AccuracyResult r = run("int4w");
        assertTrue(fp32.top1Percent() - r.top1Percent() <= 2.0, "INT4W top-1 " + r.top1Percent() + " % vs FP32 "
                + fp32.top1Percent() + " %");
        assertTrue(r.agreementPercent(fp32) >= 95, "agreement " + r.agreementPercent(fp32));
    }
}
