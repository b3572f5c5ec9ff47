package org.vitwatt.models.onnx;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.vitwatt.feedback.VitwattException;

/**
 * Reads the values of a {@link TensorProto} whichever way it stores them: {@code raw_data} (little-endian),
 * the typed repeated fields, or external data in a file beside the model.
 */
public final class TensorData {
    private TensorData() {
    }

    /** Number of elements (product of dims; 1 for a scalar). */
    public static long numel(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        return n;
    }

    public static long[] dims(TensorProto t) {
        return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** True when the tensor's bytes live in a separate file (ONNX external data). */
    public static boolean isExternal(TensorProto t) {
        return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
    }

    /**
     * The tensor's bytes in little-endian order when it uses {@code raw_data} or external data; null when
     * it uses the typed fields instead. {@code modelDir} resolves external data (may be null otherwise).
     */
    public static ByteBuffer rawBytes(TensorProto t, Path modelDir) {
        if (isExternal(t)) {
            return readExternal(t, modelDir);
        }
        if (!t.hasRawData()) {
            return null;
        }
        return t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer readExternal(TensorProto t, Path modelDir) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = Long.parseLong(e.getValue());
                case "length" -> length = Long.parseLong(e.getValue());
                default -> { }
            }
        }
        if (location == null || modelDir == null) {
            throw new VitwattException("tensor " + t.getName() + " has external data without a location "
                    + "(or the model's directory is unknown): keep the .data file beside the .onnx file");
        }
        Path file = modelDir.resolve(location);
        long bytes = length >= 0 ? length : numel(t) * Math.max(1, DataTypes.bits(t.getDataType()) / 8);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (bytes > Integer.MAX_VALUE) {
                throw new VitwattException("tensor " + t.getName() + " in " + file + " is over 2 GiB");
            }
            byte[] data = new byte[(int) bytes];
            raf.seek(offset);
            raf.readFully(data);
            return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new VitwattException("external data " + file + " of tensor " + t.getName() + " could not be read ("
                    + e.getMessage() + "): keep the data file next to the model");
        }
    }

    /** Values of a floating-point tensor (FLOAT, FLOAT16, BFLOAT16, DOUBLE) as floats. */
    public static float[] floats(TensorProto t, Path modelDir) {
        int n = Math.toIntExact(numel(t));
        float[] out = new float[n];
        ByteBuffer raw = rawBytes(t, modelDir);
        int type = t.getDataType();
        if (type == DataTypes.FLOAT) {
            if (raw != null) {
                raw.asFloatBuffer().get(out);
            } else {
                for (int i = 0; i < n; i++) {
                    out[i] = t.getFloatData(i);
                }
            }
        } else if (type == DataTypes.FLOAT16 || type == DataTypes.BFLOAT16) {
            for (int i = 0; i < n; i++) {
                int bits = raw != null ? raw.getShort(2 * i) & 0xffff : t.getInt32Data(i) & 0xffff;
                out[i] = type == DataTypes.FLOAT16 ? Half.toFloat((short) bits) : Float.intBitsToFloat(bits << 16);
            }
        } else if (type == DataTypes.DOUBLE) {
            for (int i = 0; i < n; i++) {
                out[i] = (float) (raw != null ? raw.getDouble(8 * i) : t.getDoubleData(i));
            }
        } else {
            long[] ints = longs(t, modelDir);
            for (int i = 0; i < n; i++) {
                out[i] = ints[i];
            }
        }
        return out;
    }

    /** Values of an integer or boolean tensor as longs (floats are truncated toward zero). */
    public static long[] longs(TensorProto t, Path modelDir) {
        int n = Math.toIntExact(numel(t));
        long[] out = new long[n];
        ByteBuffer raw = rawBytes(t, modelDir);
        int type = t.getDataType();
        for (int i = 0; i < n; i++) {
            out[i] = switch (type) {
                case DataTypes.INT64 -> raw != null ? raw.getLong(8 * i) : t.getInt64Data(i);
                case DataTypes.INT32 -> raw != null ? raw.getInt(4 * i) : t.getInt32Data(i);
                case DataTypes.INT8 -> raw != null ? raw.get(i) : t.getInt32Data(i);
                case DataTypes.UINT8, DataTypes.BOOL -> raw != null ? raw.get(i) & 0xff : t.getInt32Data(i);
                case DataTypes.FLOAT, DataTypes.FLOAT16, DataTypes.BFLOAT16, DataTypes.DOUBLE ->
                        (long) floats(t, modelDir)[i];
                default -> throw new VitwattException("tensor " + t.getName() + " has element type "
                        + DataTypes.name(type) + ", which vitwatt cannot read as integers");
            };
        }
        return out;
    }

    /** A FLOAT tensor with the given dims and values in {@code raw_data}. */
    public static TensorProto floatTensor(String name, long[] dims, float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return raw(name, DataTypes.FLOAT, dims, buf.array());
    }

    /** An INT64 tensor with the given dims and values in {@code raw_data}. */
    public static TensorProto int64Tensor(String name, long[] dims, long[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return raw(name, DataTypes.INT64, dims, buf.array());
    }

    /** A tensor of any element type whose little-endian bytes are given (the array is not copied). */
    public static TensorProto raw(String name, int elemType, long[] dims, byte[] littleEndianBytes) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(elemType)
                .setRawData(UnsafeByteOperations.unsafeWrap(littleEndianBytes));
        for (long d : dims) {
            b.addDims(d);
        }
        return b.build();
    }
}
