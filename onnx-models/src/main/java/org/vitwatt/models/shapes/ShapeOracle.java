package org.vitwatt.models.shapes;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.TensorData;

/**
 * ONNX Runtime as the oracle for element types and shapes: it runs the graph once on zeros of the input shape with
 * every intermediate value declared as a graph output, and reads the type and shape of each value it returns. This
 * is exact for the input fed, including values behind the {@code Shape → Gather → Concat → Reshape} arithmetic
 * that exporters write and ops no static inference models. ONNX Runtime keeps every declared output alive until
 * the run ends, so the values are split over several sessions when their bytes would pass {@link #BYTES_PER_RUN}:
 * the first session declares {@value #FIRST_RUN_VALUES} values, later ones as many as the bytes per value seen so
 * far allow. The returned tensors are closed with the run's result as soon as their types are read. Graph
 * optimisations are off, so every value exists as the file names it.
 */
public final class ShapeOracle {
    /** Output bytes one run may hold. */
    public static final long BYTES_PER_RUN = 512L << 20;
    /** Values declared in the first run, before anything is known of their sizes. */
    public static final int FIRST_RUN_VALUES = 4096;

    private final OrtEnvironment env;
    private final Progress progress;
    private final int firstRunValues;
    private final long bytesPerRun;

    /** An oracle running sessions in {@code env}; {@code progress} hears of runs after the first. */
    public ShapeOracle(OrtEnvironment env, Progress progress) {
        this(env, progress, FIRST_RUN_VALUES, BYTES_PER_RUN);
    }

    /** An oracle with its own run sizes (tests of the splitting). */
    ShapeOracle(OrtEnvironment env, Progress progress, int firstRunValues, long bytesPerRun) {
        this.env = env;
        this.progress = progress;
        this.firstRunValues = firstRunValues;
        this.bytesPerRun = bytesPerRun;
    }

    /**
     * The type and shape of every value of {@code model} fed at {@code dims}. {@code modelDir} locates external
     * data; {@code origin} names the model in messages. A graph ONNX Runtime cannot load or run is a
     * {@link VitwattException} naming the model and ONNX Runtime's reason.
     */
    public ValueTypes infer(ModelProto model, Path modelDir, InputDims dims, String origin) {
        ProbeModel probe = ProbeModel.of(model, modelDir);
        Map<String, ValueType> types = new HashMap<>(dims.inputs());
        for (TensorProto t : model.getGraph().getInitializerList()) {
            types.put(t.getName(), new ValueType(t.getDataType(), TensorData.dims(t)));
        }
        List<String> values = probe.values();
        Set<String> outputs = new LinkedHashSet<>();
        model.getGraph().getOutputList().forEach(o -> outputs.add(o.getName()));
        int done = 0;
        int runs = 0;
        long bytesSeen = 0;
        int countSeen = 0;
        while (done < values.size() || runs == 0) {
            double perValue = (double) Math.max(1, bytesSeen) / Math.max(1, countSeen);
            long chunk = runs == 0 ? firstRunValues : (long) Math.max(1, Math.min(Integer.MAX_VALUE,
                    bytesPerRun / perValue));
            List<String> declared = values.subList(done, (int) Math.min(values.size(), done + chunk));
            if (runs > 0) {
                progress.say(String.format(Locale.ROOT, "reading value shapes of %s: run %d, values %d-%d of %d",
                        origin, runs + 1, done + 1, done + declared.size(), values.size()));
            }
            Set<String> fetch = new LinkedHashSet<>(outputs);
            fetch.addAll(declared);
            long bytes = run(probe.withOutputs(declared), dims, fetch, types, origin);
            bytesSeen += bytes;
            countSeen += fetch.size();
            done += declared.size();
            runs++;
        }
        return new ValueTypes(types, dims.batch(), "onnxruntime at " + dims.describe(), dims.assumptions());
    }

    /** One session and run; records every returned tensor's type in {@code types}; returns their bytes. */
    private long run(byte[] probe, InputDims dims, Set<String> fetch, Map<String, ValueType> types, String origin) {
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            OrtSession session;
            try {
                session = env.createSession(probe, so);
            } catch (OrtException e) {
                throw new VitwattException("ONNX Runtime cannot load model " + origin + " to read its value shapes: "
                        + firstLine(e) + " (vitwatt needs a model ONNX Runtime runs)", e);
            }
            try (session) {
                Map<String, OnnxTensor> feed = new HashMap<>();
                try {
                    for (Map.Entry<String, ValueType> in : dims.inputs().entrySet()) {
                        feed.put(in.getKey(), zeros(in.getKey(), in.getValue()));
                    }
                    long bytes = 0;
                    try (OrtSession.Result r = session.run(feed, fetch)) {
                        for (Map.Entry<String, OnnxValue> e : r) {
                            if (e.getValue() instanceof OnnxTensor t) {
                                TensorInfo info = t.getInfo();
                                int type = onnxType(info.onnxType);
                                types.put(e.getKey(), new ValueType(type, info.getShape()));
                                bytes += info.getNumElements() * Math.max(1, DataTypes.bits(type) / 8);
                            }
                        }
                    } catch (OrtException e) {
                        throw new VitwattException("ONNX Runtime cannot run model " + origin + " on "
                                + dims.describe() + ": " + firstLine(e), e);
                    }
                    return bytes;
                } finally {
                    feed.values().forEach(OnnxTensor::close);
                }
            }
        } catch (OrtException e) {
            throw new VitwattException("ONNX Runtime failed on model " + origin + ": " + firstLine(e), e);
        }
    }

    private OnnxTensor zeros(String name, ValueType t) throws OrtException {
        long[] shape = t.shape();
        int n = Math.toIntExact(t.numel());
        return switch (t.elemType()) {
            case DataTypes.FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.allocate(n), shape);
            case DataTypes.FLOAT16 -> OnnxTensor.createTensor(env, ShortBuffer.allocate(n), shape,
                    OnnxJavaType.FLOAT16);
            case DataTypes.DOUBLE -> OnnxTensor.createTensor(env, DoubleBuffer.allocate(n), shape);
            case DataTypes.INT64 -> OnnxTensor.createTensor(env, LongBuffer.allocate(n), shape);
            case DataTypes.INT32 -> OnnxTensor.createTensor(env, IntBuffer.allocate(n), shape);
            case DataTypes.INT8 -> OnnxTensor.createTensor(env, ByteBuffer.allocate(n), shape, OnnxJavaType.INT8);
            case DataTypes.UINT8 -> OnnxTensor.createTensor(env, ByteBuffer.allocate(n), shape, OnnxJavaType.UINT8);
            case DataTypes.BOOL -> OnnxTensor.createTensor(env, ByteBuffer.allocate(n), shape, OnnxJavaType.BOOL);
            default -> throw new VitwattException("graph input " + name + " has element type "
                    + DataTypes.name(t.elemType()) + ", which vitwatt cannot feed (float, float16, double, int64, "
                    + "int32, int8, uint8 or bool)");
        };
    }

    /** The ONNX element type ({@code TensorProto.DataType}) of ONNX Runtime Java's own enumeration. */
    static int onnxType(TensorInfo.OnnxTensorType t) {
        return switch (t) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FLOAT_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UINT8_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.INT8_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> DataType.UINT16_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.INT16_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT32_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.INT64_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> DataType.STRING_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOL_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DataType.FLOAT16_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.DOUBLE_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> DataType.UINT32_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> DataType.UINT64_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_COMPLEX64 -> DataType.COMPLEX64_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_COMPLEX128 -> DataType.COMPLEX128_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> DataType.BFLOAT16_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT8E4M3FN -> DataType.FLOAT8E4M3FN_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT8E4M3FNUZ -> DataType.FLOAT8E4M3FNUZ_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT8E5M2 -> DataType.FLOAT8E5M2_VALUE;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT8E5M2FNUZ -> DataType.FLOAT8E5M2FNUZ_VALUE;
            default -> DataType.UNDEFINED_VALUE;
        };
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
