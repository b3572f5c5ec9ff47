package org.vitwatt.core.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vitwatt.core.Provider;
import org.vitwatt.core.sys.CpuIsa;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.precision.WeightFormat;

/** {@code -p int8Weights}: the range chosen per provider and CPU, and forced ranges. */
class Int8WeightsTest {
    static final CpuIsa AVX2 = CpuIsa.parse("amd64", "flags\t: sse sse2 ssse3 sse4_1 avx avx2 fma\n");
    static final CpuIsa VNNI = CpuIsa.parse("amd64",
            "flags\t: sse2 avx avx2 avx512f avx512bw avx512dq avx512vl avx512_vnni\n");
    static final CpuIsa ORIN = CpuIsa.parse("aarch64", "Features\t: fp asimd asimddp\n");

    @Test
    void autoIsUnsignedOnlyWhereTheCpuKernelsSaturate() {
        Int8Weights.Choice avx2 = Int8Weights.AUTO.choose(Provider.CPU, AVX2);
        assertEquals(WeightFormat.U8, avx2.format());
        assertEquals("u8: avx2 CPU without VNNI, where ONNX Runtime's u8s8 kernels (VPMADDUBSW) saturate with signed "
                + "weights; its u8u8 kernels widen to 16 bits and cannot", avx2.reason());
        Int8Weights.Choice vnni = Int8Weights.AUTO.choose(Provider.CPU, VNNI);
        assertEquals(WeightFormat.FULL, vnni.format());
        assertEquals("full: avx512_vnni CPU, whose integer kernels accumulate in 32 bits", vnni.reason());
        assertEquals(WeightFormat.FULL, Int8Weights.AUTO.choose(Provider.CPU, ORIN).format());
    }

    @Test
    void tensorrtAndCudaAlwaysGetFullRange() {
        assertEquals(new Int8Weights.Choice(WeightFormat.FULL, "full: TensorRT takes full-range signed INT8", false),
                Int8Weights.AUTO.choose(Provider.TENSORRT, AVX2));
        assertEquals(WeightFormat.FULL, Int8Weights.AUTO.choose(Provider.CUDA, AVX2).format());
    }

    @Test
    void forcedRangesSayWhetherTheySaturateHere() {
        Int8Weights.Choice full = Int8Weights.FULL.choose(Provider.CPU, AVX2);
        assertEquals(WeightFormat.FULL, full.format());
        assertTrue(full.saturatesHere());
        assertFalse(Int8Weights.FULL.choose(Provider.CPU, VNNI).saturatesHere());
        assertFalse(Int8Weights.FULL.choose(Provider.TENSORRT, AVX2).saturatesHere());
        assertEquals("reduced: forced by -p int8Weights=reduced", Int8Weights.REDUCED.choose(Provider.CPU, VNNI)
                .reason());
    }

    @Test
    void parsing() {
        assertEquals(Int8Weights.REDUCED, Int8Weights.parse(" Reduced "));
        VitwattException e = assertThrows(VitwattException.class, () -> Int8Weights.parse("7bit"));
        assertEquals("-p int8Weights=7bit is not known: use auto (chosen from the CPU and the provider), full "
                + "(signed [-127, 127]), reduced (signed [-64, 64], ONNX Runtime's reduce_range) or u8 (unsigned "
                + "[0, 254] around 127)", e.getMessage());
        VitwattException trt = assertThrows(VitwattException.class, () -> Int8Weights.U8.choose(Provider.TENSORRT,
                AVX2));
        assertEquals("-p int8Weights=u8 cannot run on tensorrt: TensorRT takes signed INT8 weights only; use auto, "
                + "full or reduced", trt.getMessage());
    }
}
