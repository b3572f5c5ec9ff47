package org.vitwatt.models.stats;

import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.List;
import org.vitwatt.models.onnx.DataTypes;

/**
 * A graph input or output as the file declares it.
 *
 * @param name     tensor name
 * @param elemType element type name ("float", "float16", ...)
 * @param dims     each dim as its number, its symbolic name, or "?" when the file leaves it blank
 */
public record TensorSpec(String name, String elemType, List<String> dims) {
    public TensorSpec {
        dims = List.copyOf(dims);
    }

    /** Reads a {@code ValueInfoProto}. */
    public static TensorSpec of(ValueInfoProto vi) {
        List<String> dims = new ArrayList<>();
        String type = "unknown";
        if (vi.hasType() && vi.getType().hasTensorType()) {
            var tt = vi.getType().getTensorType();
            type = DataTypes.name(tt.getElemType());
            if (tt.hasShape()) {
                for (TensorShapeProto.Dimension d : tt.getShape().getDimList()) {
                    dims.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.hasDimParam() ? d.getDimParam() : "?");
                }
            }
        }
        return new TensorSpec(vi.getName(), type, dims);
    }

    /** Dim {@code i} as a number, or -1 when it is symbolic or blank. */
    public long dim(int i) {
        try {
            return Long.parseLong(dims.get(i));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public String toString() {
        return name + ": " + elemType + "[" + String.join(", ", dims) + "]";
    }
}
