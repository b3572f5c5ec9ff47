package org.vitwatt.core.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.vitwatt.core.Precision;
import org.vitwatt.core.Provider;
import org.vitwatt.core.trial.Preflight;
import org.vitwatt.feedback.VitwattException;

/** The FP8-on-TensorRT rule as a pure function of the precision, the provider and the GPU's compute capability. */
class Fp8SupportTest {
    private static final Precision FP8 = Precision.parse("fp8");
    private static final Precision MP_A = Precision.parse("mixed:encoder=fp16+others=fp8");

    @Test
    void aGpuBelowAdaIsRefusedNamingItsComputeCapability() {
        assertEquals("precision 'fp8' cannot run on tensorrt: NVIDIA GeForce RTX 3050 has compute capability 8.6 "
                + "and TensorRT's FP8 needs 8.9 or higher (Ada, Hopper, Blackwell, Thor); use int8 or fp16 on this "
                + "GPU, or fp8 on cpu/cuda as a simulation", Fp8Support.refusal(FP8, Provider.TENSORRT,
                        "NVIDIA GeForce RTX 3050", OptionalInt.of(86)).orElseThrow());
        assertEquals("precision 'mixed:encoder=fp16+others=fp8' cannot run on tensorrt: Jetson Orin has compute "
                + "capability 8.7 and TensorRT's FP8 needs 8.9 or higher (Ada, Hopper, Blackwell, Thor); use int8 or "
                + "fp16 on this GPU, or fp8 on cpu/cuda as a simulation", Fp8Support.refusal(MP_A, Provider.TENSORRT,
                        "Jetson Orin", OptionalInt.of(87)).orElseThrow());
    }

    @Test
    void adaHopperAndBlackwellRunFp8() {
        for (int cc : new int[] {89, 90, 100, 120}) {
            assertTrue(Fp8Support.refusal(FP8, Provider.TENSORRT, "gpu", OptionalInt.of(cc)).isEmpty(), "" + cc);
        }
    }

    @Test
    void anUnknownCapabilityIsRefusedAndOtherCasesAreNotAsked() {
        assertEquals("precision 'fp8' on tensorrt needs an FP8 GPU (compute capability 8.9 or higher) and NVML did "
                + "not tell gpu0's; run fp8 on cpu or cuda (a simulation)", Fp8Support.refusal(FP8,
                        Provider.TENSORRT, "gpu0", OptionalInt.empty()).orElseThrow());
        assertTrue(Fp8Support.refusal(FP8, Provider.CPU, "none", OptionalInt.empty()).isEmpty());
        assertTrue(Fp8Support.refusal(FP8, Provider.CUDA, "old", OptionalInt.of(61)).isEmpty(), "CUDA simulates");
        assertTrue(Fp8Support.refusal(Precision.parse("int8"), Provider.TENSORRT, "old", OptionalInt.of(61))
                .isEmpty());
    }

    @Test
    void preflightRefusesBeforeAnythingIsBuilt() {
        Map<String, List<String>> run = Map.of("precision", List.of("fp32", "fp8"), "provider", List.of("tensorrt:1"));
        VitwattException e = assertThrows(VitwattException.class, () -> Preflight.checkFp8Gpus(run,
                gpu -> "Tesla T4 (gpu " + gpu + ")", gpu -> OptionalInt.of(75), (p, d) -> Optional.empty()));
        assertEquals("precision 'fp8' cannot run on tensorrt: Tesla T4 (gpu 1) has compute capability 7.5 and "
                + "TensorRT's FP8 needs 8.9 or higher (Ada, Hopper, Blackwell, Thor); use int8 or fp16 on this GPU, "
                + "or fp8 on cpu/cuda as a simulation", e.getMessage());
        VitwattException absent = assertThrows(VitwattException.class, () -> Preflight.checkFp8Gpus(run,
                gpu -> "gpu", gpu -> OptionalInt.of(75), (p, d) -> Optional.of("provider 'tensorrt' is not here")));
        assertEquals("provider 'tensorrt' is not here", absent.getMessage(), "a provider that cannot start says so "
                + "first");
        Preflight.checkFp8Gpus(Map.of("precision", List.of("fp8"), "provider", List.of("cpu")), gpu -> {
            throw new AssertionError("no GPU is asked about for cpu");
        }, gpu -> {
            throw new AssertionError("no GPU is asked about for cpu");
        });
    }

    @Test
    void int4wIsRefusedOnTensorrtBeforeAnythingIsBuilt() {
        VitwattException e = assertThrows(VitwattException.class, () -> PrecisionVariants.check(null,
                Precision.parse("int4w"), Provider.TENSORRT));
        assertEquals("precision 'int4w' cannot run on tensorrt: int4w groups are ONNX Runtime's "
                + "com.microsoft:MatMulNBits, which its TensorRT provider does not take; run int4w on cpu or cuda",
                e.getMessage());
    }

    @Test
    void fp8IsEmulatedEverywhereButTensorrt() {
        assertTrue(PrecisionVariants.emulated(FP8, Provider.CPU));
        assertTrue(PrecisionVariants.emulated(MP_A, Provider.CUDA));
        assertFalse(PrecisionVariants.emulated(FP8, Provider.TENSORRT));
        assertFalse(PrecisionVariants.emulated(Precision.parse("int8"), Provider.CPU));
        assertFalse(PrecisionVariants.emulated(Precision.FP32, Provider.CPU));
    }
}
