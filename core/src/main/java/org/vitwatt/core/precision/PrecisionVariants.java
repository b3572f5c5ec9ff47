package org.vitwatt.core.precision;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnxruntime.OrtEnvironment;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.vitwatt.core.ModelGraph;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.Precision;
import org.vitwatt.core.Provider;
import org.vitwatt.core.data.ImageSet;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.onnx.OnnxFiles;
import org.vitwatt.models.precision.Fp16Conversion;
import org.vitwatt.models.precision.Float8E4M3FN;
import org.vitwatt.models.precision.Fp16Converter;
import org.vitwatt.models.precision.Fp8Quantizer;
import org.vitwatt.models.precision.Int4Quantizer;
import org.vitwatt.models.precision.Int4Weights;
import org.vitwatt.models.precision.NumericType;
import org.vitwatt.models.precision.PrecisionPlan;
import org.vitwatt.models.precision.QdqQuantizer;
import org.vitwatt.models.shapes.ValueTypes;
import org.vitwatt.models.store.CacheSeal;
import org.vitwatt.models.store.Digests;
import org.vitwatt.results.Bops;

/**
 * Maps a precision and a provider to the file and flags that realise it, and writes transformed files once,
 * cached by content hash with a JSON manifest beside them so repeated runs redo neither conversion nor
 * calibration.
 * <ul>
 *   <li>CPU and CUDA run transformed files: FP16 = every node converted ({@link Fp16Converter}); INT8 =
 *       every MatMul/Gemm/Conv quantized in QDQ form from calibrated ranges ({@link QdqQuantizer}); FP8 = the same
 *       sites in FP8 E4M3FN QDQ at opset 19 ({@link Fp8Quantizer}; ONNX Runtime's CPU provider rounds to FP8 and
 *       computes in FP32, a simulation); mixed = the plan's INT8 groups quantized, then its FP8 groups, then its
 *       FP16 groups converted, FP32 groups untouched; INT4W = every MatMul with a constant 2-D weight as
 *       ONNX Runtime's {@code MatMulNBits} with 4-bit block-wise weights ({@link Int4Quantizer}), activations
 *       FP32.</li>
 *   <li>TensorRT builds its own engine: FP16 = the FP32 file + {@code trt_fp16_enable}; INT8 = the QDQ file +
 *       {@code trt_int8_enable}; FP8 = the FP8 QDQ file (TensorRT's explicit quantization); mixed = the plan's
 *       INT8 and FP8 groups in QDQ + {@code trt_fp16_enable} when the plan
 *       has FP16 groups. TensorRT cannot keep some layers FP32 while it runs others FP16, so a plan mixing
 *       FP32 and FP16 groups is refused for TensorRT before anything runs.</li>
 * </ul>
 * The key of a cached file covers the source model's bytes, the canonical plan, the target (ORT or TensorRT)
 * and, when INT8 is involved, the calibration method, image count, the calibration tensors' bytes and the
 * weights' range ({@link Int8Weights}), so a variant built for one CPU's kernels is never reused with another
 * range.
 */
public final class PrecisionVariants {
    /** Bumped whenever the transforms change the bytes they write. */
    public static final String TRANSFORM_VERSION = "3";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final Path cacheDir;
    private final OrtEnvironment env;

    public PrecisionVariants(Path cacheDir, OrtEnvironment env) {
        this.cacheDir = cacheDir;
        this.env = env;
    }

    /** The plan a precision stands for: uniform for fp16/int8, parsed for mixed. */
    public static PrecisionPlan plan(Precision p) {
        return switch (p.kind()) {
            case FP32 -> PrecisionPlan.parse("others=fp32");
            case FP16 -> PrecisionPlan.parse("others=fp16");
            case INT8 -> PrecisionPlan.parse("others=int8");
            case FP8 -> PrecisionPlan.parse("others=fp8");
            case INT4W -> PrecisionPlan.parse("others=int4w");
            case MIXED -> PrecisionPlan.parse(p.plan());
        };
    }

    /**
     * True when {@code provider} simulates {@code precision} rather than running it: FP8 groups anywhere but
     * TensorRT, whose FP8 kernels need an FP8 GPU ({@link Fp8Support}). ONNX Runtime's CPU and CUDA providers have
     * float8 QuantizeLinear/DequantizeLinear kernels but compute the ops between them in FP32.
     */
    public static boolean emulated(Precision precision, Provider provider) {
        return provider != Provider.TENSORRT && precision.kind() != Precision.Kind.FP32
                && plan(precision).types().contains(NumericType.FP8);
    }

    /**
     * Checks, without building anything, that {@code provider} can honour {@code precision} on {@code model}
     * (plan groups exist, TensorRT restrictions); throws {@link VitwattException} with the reason otherwise.
     */
    public static void check(ModelRef model, Precision precision, Provider provider) {
        if (precision.kind() == Precision.Kind.FP32) {
            return;
        }
        PrecisionPlan plan = plan(precision);
        if (precision.kind() == Precision.Kind.MIXED) {
            plan.assign(model.graph().groups());
        }
        if (provider == Provider.TENSORRT && plan.types().contains(NumericType.INT4W)) {
            throw new VitwattException("precision '" + precision + "' cannot run on tensorrt: int4w groups are ONNX "
                    + "Runtime's com.microsoft:MatMulNBits, which its TensorRT provider does not take; run int4w on cpu "
                    + "or cuda");
        }
        if (provider == Provider.TENSORRT && plan.types().contains(NumericType.FP16)
                && plan.types().contains(NumericType.FP32)) {
            throw new VitwattException("precision '" + precision + "' cannot run on tensorrt: TensorRT's FP16 flag "
                    + "applies to every layer that is not INT8, so it cannot keep FP32 groups; use fp16 or int8 for "
                    + "every group, or run the plan on cpu/cuda");
        }
    }

    /**
     * The variant for {@code precision} on {@code provider}, building (and calibrating) it when no cached one
     * exists. {@code calibrationImages} is only called when INT8 calibration is needed; {@code weights} is the
     * range INT8 weights get (ignored without INT8).
     */
    public ModelVariant resolve(ModelRef model, Precision precision, Provider provider, CalibrationSpec calibration,
            Int8Weights.Choice weights, Supplier<ImageSet> calibrationImages, Progress progress) {
        check(model, precision, provider);
        Path source = model.resolved().file();
        if (precision.kind() == Precision.Kind.FP32) {
            return ModelVariant.source(model, provider);
        }
        PrecisionPlan plan = plan(precision);
        boolean trt = provider == Provider.TENSORRT;
        boolean needsInt8 = plan.types().contains(NumericType.INT8);
        boolean needsCalibration = plan.types().stream().anyMatch(NumericType::calibrated);
        boolean trtFp16 = trt && plan.types().contains(NumericType.FP16);
        boolean trtInt8 = trt && needsInt8;
        boolean transform = needsCalibration || !trt; // TensorRT FP16 needs no file of its own
        if (!transform) {
            return new ModelVariant(source, precision, provider, trtFp16, false, Map.of("precision", precision.id(),
                    "source", source.toString(), "tensorrt", "fp16 flag on the FP32 file"));
        }

        ImageSet images = needsCalibration ? calibrationImages.get() : null;
        String sourceHash = sha256(source);
        StringBuilder keyText = new StringBuilder(TRANSFORM_VERSION).append('|').append(sourceHash).append('|')
                .append(plan.canonical()).append('|').append(trt ? "tensorrt" : "ort");
        String calibHash = "";
        if (needsCalibration) {
            calibHash = imagesHash(images, calibration.images());
            keyText.append('|').append(calibration.method().id()).append(':').append(calibration.images())
                    .append('|').append(calibHash);
        }
        if (needsInt8) {
            keyText.append('|').append(weights.format().id());
        }
        String key = Digests.hex(Digests.sha256().digest(keyText.toString().getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
        Path dir = cacheDir.resolve("variants");
        Path file = dir.resolve(model.id() + "-" + precision.kind().id() + "-" + key + ".onnx");
        Path manifestFile = dir.resolve(model.id() + "-" + precision.kind().id() + "-" + key + ".json");
        if (Files.isRegularFile(file) && Files.isRegularFile(manifestFile)) {
            CacheSeal.State state = CacheSeal.check(file);
            if (state == CacheSeal.State.INTACT) {
                return new ModelVariant(file, precision, provider, trtFp16, trtInt8, readManifest(manifestFile));
            }
            progress.say(CacheSeal.rebuilding(file, state));
        }

        long t0 = System.nanoTime();
        progress.say("building the " + precision + " variant of " + model.id()
                + (trt ? " for TensorRT" : "") + " into " + file);
        ModelProto m = OnnxFiles.read(source);
        NumericType[] types = plan.assign(model.graph().groups());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("model", model.id());
        manifest.put("source", source.toString());
        manifest.put("sourceSha256", sourceHash);
        manifest.put("precision", precision.id());
        manifest.put("plan", plan.canonical());
        manifest.put("target", trt ? "tensorrt (Q/DQ file + builder flags)" : "onnxruntime (transformed file)");

        if (needsCalibration) {
            QdqQuantizer.Options qo = QdqQuantizer.Options.defaults().withWeightFormat(weights.format());
            Set<String> tensors = new LinkedHashSet<>();
            for (NumericType t : List.of(NumericType.INT8, NumericType.FP8)) {
                tensors.addAll(QdqQuantizer.activationsToCalibrate(m, select(types, t), model.graph().types(), qo));
            }
            long c0 = System.nanoTime();
            Map<String, QdqQuantizer.Range> ranges = Calibrator.calibrate(env, m, tensors, images,
                    calibration.images(), calibration.method(), progress);
            double calibSeconds = (System.nanoTime() - c0) / 1e9;
            Set<String> fp16Keys = keys(m, types, NumericType.FP16);
            Set<String> fp8Keys = keys(m, types, NumericType.FP8);
            Set<String> int4Keys = keys(m, types, NumericType.INT4W);
            ValueTypes vt = model.graph().types();
            if (needsInt8) {
                QdqQuantizer.Quantized q = QdqQuantizer.quantize(m, select(types, NumericType.INT8), vt, ranges, qo);
                m = q.model();
                vt = q.types();
                manifest.put("int8Weights", Map.of("format", weights.format().id(), "qmin", weights.format().qmin(),
                        "qmax", weights.format().qmax(), "zeroPoint", weights.format().zeroPoint(),
                        "reason", weights.reason()));
            }
            if (!fp8Keys.isEmpty()) {
                QdqQuantizer.Quantized q = Fp8Quantizer.quantize(m, regionOf(m, fp8Keys), vt, ranges, qo);
                m = q.model();
                vt = q.types();
                manifest.put("fp8", Map.of("element", "float8e4m3fn", "max", Float8E4M3FN.MAX, "opset",
                        Fp8Quantizer.OPSET, "activationScales", "per-tensor, max |x| / 448",
                        "weightScales", "per output channel, max |w| / 448"));
            }
            manifest.put("calibration", Map.of("method", calibration.method().id(), "images",
                    Math.min(calibration.images(), images.count()), "dataset", images.description(), "tensors",
                    ranges.size(), "imagesSha256", calibHash, "seconds", calibSeconds));
            manifest.put("quantizedNodes", QdqQuantizer.quantizedNodes(m));
            if (!int4Keys.isEmpty()) {
                QdqQuantizer.Quantized q = int4(m, regionOf(m, int4Keys), vt, manifest);
                m = q.model();
                vt = q.types();
            }
            if (!trt && !fp16Keys.isEmpty()) {
                m = fp16(Fp16Converter.convert(m, regionOf(m, fp16Keys), vt, Fp16Converter.Options.defaults()),
                        manifest);
            }
        } else {
            ValueTypes vt = model.graph().types();
            Set<String> fp16Keys = keys(m, types, NumericType.FP16);
            if (plan.types().contains(NumericType.INT4W)) {
                QdqQuantizer.Quantized q = int4(m, regionOf(m, keys(m, types, NumericType.INT4W)), vt, manifest);
                m = q.model();
                vt = q.types();
            }
            if (!fp16Keys.isEmpty()) {
                m = fp16(Fp16Converter.convert(m, regionOf(m, fp16Keys), vt, Fp16Converter.Options.defaults()),
                        manifest);
            }
        }
        m = m.toBuilder().addMetadataProps(meta("vitwatt.precision", precision.id()))
                .addMetadataProps(meta("vitwatt.plan", plan.canonical())).build();
        OnnxFiles.write(m, file);
        CacheSeal.seal(file);
        manifest.put("seconds", (System.nanoTime() - t0) / 1e9);
        manifest.put("created", Instant.now().toString());
        writeManifest(manifestFile, manifest);
        progress.say(String.format(Locale.ROOT, "built the %s variant of %s in %.1f s", precision,
                model.id(), (System.nanoTime() - t0) / 1e9));
        return new ModelVariant(file, precision, provider, trtFp16, trtInt8, readManifest(manifestFile));
    }

    /**
     * Bit-weighted operations of a precision on a model ({@link Bops}): FP16 nodes count 16×16; in INT8 and FP8
     * groups the MatMul, Gemm and Conv nodes that the quantizer puts Q/DQ on count 8×8 and the rest (LayerNorm,
     * BatchNorm, pooling) stay 32×32, as they run in float; in INT4W groups the MatMuls with a constant weight count
     * 4×32 (4-bit weights, FP32 activations); FP32 nodes count 32×32.
     */
    public static double bops(ModelRef model, Precision precision) {
        ModelGraph g = model.graph();
        NumericType[] types = precision.kind() == Precision.Kind.FP32 ? null : plan(precision).assign(g.groups());
        BitSet int4 = new BitSet();
        if (types != null && plan(precision).types().contains(NumericType.INT4W)) {
            Int4Quantizer.sites(OnnxFiles.read(model.resolved().file()), select(types, NumericType.INT4W), g.types())
                    .forEach(int4::set);
        }
        double total = 0;
        for (int i = 0; i < g.opTypes().size(); i++) {
            NumericType t = types == null ? NumericType.FP32 : types[i];
            if (t.calibrated() && !QdqQuantizer.Options.DEFAULT_OP_TYPES.contains(g.opTypes().get(i))) {
                t = NumericType.FP32;
            }
            if (t == NumericType.INT4W && !int4.get(i)) {
                t = NumericType.FP32;
            }
            total += Bops.term(g.macs(i), t.weightBits(), t.activationBits());
        }
        return total;
    }

    /** The INT4W region as MatMulNBits; the manifest records the layout and how many MatMuls it took. */
    private static QdqQuantizer.Quantized int4(ModelProto m, BitSet region, ValueTypes vt,
            Map<String, Object> manifest) {
        QdqQuantizer.Quantized q = Int4Quantizer.quantize(m, region, vt, Int4Weights.DEFAULT_BLOCK_SIZE);
        manifest.put("int4Weights", Map.of("op", "com.microsoft:MatMulNBits", "bits", 4, "blockSize",
                Int4Weights.DEFAULT_BLOCK_SIZE, "scheme", "symmetric, scale = max |w| of the block / 7, default zero "
                        + "point 8", "accuracyLevel", 0, "matMulNBitsNodes", q.model().getGraph().getNodeList()
                                .stream().filter(n -> n.getOpType().equals("MatMulNBits")).count()));
        return q;
    }

    /**
     * The converted model; the manifest records how many nodes run in FP16 and, in {@code fp32Kept}, every op of
     * the FP16 region that stayed FP32 with its node count and reason.
     */
    private static ModelProto fp16(Fp16Conversion c, Map<String, Object> manifest) {
        manifest.put("fp16Nodes", c.fp16Nodes());
        manifest.put("fp32Kept", c.keptFp32().stream().map(k -> Map.of("op", k.op(), "nodes", k.nodes(), "reason",
                k.reason())).toList());
        return c.model();
    }

    private static BitSet select(NumericType[] types, NumericType t) {
        BitSet b = new BitSet();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == t) {
                b.set(i);
            }
        }
        return b;
    }

    /** Nodes are identified across transforms by their first output name (unique in an ONNX graph). */
    private static Set<String> keys(ModelProto m, NumericType[] types, NumericType t) {
        Set<String> s = new HashSet<>();
        for (int i = 0; i < types.length; i++) {
            if (types[i] == t && m.getGraph().getNode(i).getOutputCount() > 0) {
                s.add(m.getGraph().getNode(i).getOutput(0));
            }
        }
        return s;
    }

    private static BitSet regionOf(ModelProto m, Set<String> keys) {
        BitSet b = new BitSet();
        for (int i = 0; i < m.getGraph().getNodeCount(); i++) {
            NodeProto n = m.getGraph().getNode(i);
            if (n.getOutputCount() > 0 && keys.contains(n.getOutput(0))) {
                b.set(i);
            }
        }
        return b;
    }

    private static StringStringEntryProto meta(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    private static void writeManifest(Path file, Map<String, Object> manifest) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
            Files.writeString(tmp, GSON.toJson(manifest), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VitwattException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> readManifest(Path file) {
        try {
            Map<String, Object> m = GSON.fromJson(Files.readString(file), new TypeToken<Map<String, Object>>() {
            }.getType());
            return m == null ? Map.of() : m;
        } catch (IOException | RuntimeException e) {
            return Map.of("manifest", "unreadable: " + file);
        }
    }

    static String sha256(Path file) {
        return Digests.hex(Digests.sha256(file));
    }

    /** SHA-256 of the first {@code n} images' floats: what calibration saw, independent of where it came from. */
    static String imagesHash(ImageSet images, int n) {
        int count = Math.min(n, images.count());
        MessageDigest d = Digests.sha256();
        FloatBuffer f = images.batch(0, count);
        byte[] buf = new byte[4096 * 4];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        while (f.hasRemaining()) {
            bb.clear();
            int k = Math.min(4096, f.remaining());
            for (int i = 0; i < k; i++) {
                bb.putFloat(f.get());
            }
            d.update(buf, 0, k * 4);
        }
        return Digests.hex(d.digest());
    }
}
