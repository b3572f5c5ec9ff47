package org.vitwatt.core.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.vitwatt.core.Provider;
import org.vitwatt.core.precision.ModelVariant;

/**
 * The provider options ONNX Runtime gets for a run, as key/value strings (ORT's
 * {@code OrtCUDAProviderOptions} / {@code OrtTensorRTProviderOptions} keys), worked out without touching a
 * GPU so they can be tested and recorded.
 * <ul>
 *   <li>CUDA: {@code device_id}; {@code use_tf32=0}, because ORT's default of 1 would run "FP32" matrix
 *       products in TF32 and change the FP32 baseline.</li>
 *   <li>TensorRT: {@code device_id}; {@code trt_fp16_enable} / {@code trt_int8_enable} from the variant
 *       (INT8 always on a Q/DQ file, with no calibration table: dynamic ranges come from the Q/DQ nodes);
 *       {@code trt_layer_norm_fp32_fallback=1} with FP16 so LayerNorm does not overflow (ORT PR 13639);
 *       an engine cache directory per model × precision × batch × GPU × TensorRT version, and a timing cache
 *       per GPU × TensorRT version; optimisation profile shapes fixed at the benchmark's batch so one engine
 *       serves the run.</li>
 * </ul>
 *
 * @param provider  the provider
 * @param device    GPU index
 * @param cuda      CUDA provider options (also the fallback provider for TensorRT)
 * @param tensorrt  TensorRT provider options, empty unless provider is TensorRT
 */
public record ProviderOptions(Provider provider, int device, Map<String, String> cuda, Map<String, String> tensorrt) {
    public ProviderOptions {
        cuda = Map.copyOf(cuda);
        tensorrt = Map.copyOf(tensorrt);
    }

    /** The CPU provider: no options. */
    public static ProviderOptions cpu() {
        return new ProviderOptions(Provider.CPU, 0, Map.of(), Map.of());
    }

    /**
     * Options for running {@code variant} on GPU {@code device} with batch {@code batch} of images
     * {@code size}×{@code size} fed to {@code inputName}. {@code cacheDir} is vitwatt's cache directory;
     * {@code gpu} and {@code trtVersion} name the GPU and TensorRT library (see {@code NativeLibraries}) so
     * a cached engine is never reused on another GPU or TensorRT version.
     */
    public static ProviderOptions of(ModelVariant variant, int device, int batch, String inputName, int size,
            Path cacheDir, String gpu, String trtVersion) {
        Provider p = variant.provider();
        Map<String, String> cuda = new LinkedHashMap<>();
        Map<String, String> trt = new LinkedHashMap<>();
        if (p == Provider.CPU) {
            return new ProviderOptions(p, 0, cuda, trt);
        }
        cuda.put("device_id", Integer.toString(device));
        cuda.put("use_tf32", "0");
        if (p == Provider.TENSORRT) {
            String gpuKey = slug(gpu) + "-trt" + slug(trtVersion);
            Path engines = cacheDir.resolve("tensorrt").resolve(gpuKey).resolve(slug(variant.file().getFileName()
                    .toString().replaceFirst("\\.onnx$", "")) + "-" + variant.precision().kind().id() + "-b" + batch);
            trt.put("device_id", Integer.toString(device));
            trt.put("trt_fp16_enable", variant.trtFp16() ? "1" : "0");
            trt.put("trt_int8_enable", variant.trtInt8() ? "1" : "0");
            if (variant.trtFp16()) {
                trt.put("trt_layer_norm_fp32_fallback", "1");
            }
            trt.put("trt_engine_cache_enable", "1");
            trt.put("trt_engine_cache_path", engines.toString());
            trt.put("trt_timing_cache_enable", "1");
            trt.put("trt_timing_cache_path", cacheDir.resolve("tensorrt").resolve(gpuKey).toString());
            String shape = inputName + ":" + batch + "x3x" + size + "x" + size;
            trt.put("trt_profile_min_shapes", shape);
            trt.put("trt_profile_opt_shapes", shape);
            trt.put("trt_profile_max_shapes", shape);
        }
        return new ProviderOptions(p, device, cuda, trt);
    }

    /** The TensorRT engine cache directory, or null for other providers. */
    public Path engineCache() {
        String p = tensorrt.get("trt_engine_cache_path");
        return p == null ? null : Path.of(p);
    }

    static String slug(String s) {
        String v = s == null || s.isBlank() ? "unknown" : s.trim();
        return v.replaceAll("[^A-Za-z0-9._-]+", "_").toLowerCase(Locale.ROOT);
    }
}
