package org.vitwatt.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vitwatt.core.Precision;
import org.vitwatt.core.Provider;
import org.vitwatt.core.precision.ModelVariant;

class ProviderOptionsTest {
    private static final Path CACHE = Path.of("/cache");

    private static ModelVariant variant(String file, String precision, Provider p, boolean fp16, boolean int8) {
        return new ModelVariant(Path.of("/m/" + file), Precision.parse(precision), p, fp16, int8, Map.of());
    }

    @Test
    void cudaKeepsFp32HonestAndNamesTheDevice() {
        ProviderOptions o = ProviderOptions.of(variant("deit.onnx", "fp32", Provider.CUDA, false, false), 1, 8,
                "input", 224, CACHE, "NVIDIA H100", "10.3.0");
        assertEquals(Map.of("device_id", "1", "use_tf32", "0"), o.cuda());
        assertEquals(Map.of(), o.tensorrt());
    }

    @Test
    void tensorrtFp16GetsItsFlagCachesAndFixedProfile() {
        ProviderOptions o = ProviderOptions.of(variant("deit_tiny-abc.onnx", "fp16", Provider.TENSORRT, true, false), 0,
                8, "input", 224, CACHE, "NVIDIA H100 80GB HBM3", "10.3.0");
        Map<String, String> t = o.tensorrt();
        assertEquals("1", t.get("trt_fp16_enable"));
        assertEquals("0", t.get("trt_int8_enable"));
        assertEquals("1", t.get("trt_layer_norm_fp32_fallback"));
        assertEquals("1", t.get("trt_engine_cache_enable"));
        assertEquals("/cache/tensorrt/nvidia_h100_80gb_hbm3-trt10.3.0/deit_tiny-abc-fp16-b8", t.get("trt_engine_cache_path"));
        assertEquals("/cache/tensorrt/nvidia_h100_80gb_hbm3-trt10.3.0", t.get("trt_timing_cache_path"));
        assertEquals("input:8x3x224x224", t.get("trt_profile_min_shapes"));
        assertEquals("input:8x3x224x224", t.get("trt_profile_max_shapes"));
        assertEquals("0", o.cuda().get("device_id"));
    }

    @Test
    void engineCacheKeyChangesWithGpuTensorrtVersionPrecisionAndBatch() {
        ModelVariant int8 = variant("deit_tiny-int8-k.onnx", "int8", Provider.TENSORRT, false, true);
        Path base = ProviderOptions.of(int8, 0, 1, "input", 224, CACHE, "A100", "10.3.0").engineCache();
        assertEquals("1", ProviderOptions.of(int8, 0, 1, "input", 224, CACHE, "A100", "10.3.0").tensorrt()
                .get("trt_int8_enable"));
        assertFalse(ProviderOptions.of(int8, 0, 1, "input", 224, CACHE, "A100", "10.3.0").tensorrt()
                .containsKey("trt_layer_norm_fp32_fallback"));
        assertNotEquals(base, ProviderOptions.of(int8, 0, 1, "input", 224, CACHE, "H100", "10.3.0").engineCache());
        assertNotEquals(base, ProviderOptions.of(int8, 0, 1, "input", 224, CACHE, "A100", "10.4.0").engineCache());
        assertNotEquals(base, ProviderOptions.of(int8, 0, 2, "input", 224, CACHE, "A100", "10.3.0").engineCache());
        assertNotEquals(base, ProviderOptions.of(variant("deit_tiny-int8-k.onnx", "fp16", Provider.TENSORRT, true,
                false), 0, 1, "input", 224, CACHE, "A100", "10.3.0").engineCache());
    }

    @Test
    void cpuHasNoOptions() {
        ProviderOptions o = ProviderOptions.of(variant("x.onnx", "int8", Provider.CPU, false, false), 0, 1, "input",
                224, CACHE, "", "");
        assertEquals(ProviderOptions.cpu(), o);
    }
}
