package org.vitwatt.models.shapes;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitwatt.feedback.VitwattException;

/**
 * The shape each graph input is fed at: a fixed dim as declared; a symbolic dim by the value given for its name;
 * otherwise the first dim (the batch) is 1, the two spatial dims of a 4-D input are 224 and any other dim is 1,
 * each such choice said in {@link #assumptions()}.
 *
 * @param inputs      input name to its element type and fed shape, in graph order
 * @param assumptions the symbolic dims that had to be given a value, in words
 */
public record InputDims(Map<String, ValueType> inputs, List<String> assumptions) {
    /** The spatial size taken for an image input whose height or width is symbolic and not given. */
    public static final long DEFAULT_SPATIAL = 224;

    public InputDims {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        assumptions = List.copyOf(assumptions);
    }

    /** The feed of every graph input of {@code g} that is not an initializer; {@code named} gives symbolic dims. */
    public static InputDims of(GraphProto g, Map<String, Long> named) {
        Set<String> initializers = new HashSet<>();
        g.getInitializerList().forEach(t -> initializers.add(t.getName()));
        Map<String, ValueType> inputs = new LinkedHashMap<>();
        List<String> assumptions = new ArrayList<>();
        for (ValueInfoProto vi : g.getInputList()) {
            if (initializers.contains(vi.getName())) {
                continue;
            }
            if (!vi.hasType() || !vi.getType().hasTensorType()) {
                throw new VitwattException("graph input " + vi.getName() + " is not a tensor: vitwatt feeds tensor "
                        + "inputs only");
            }
            TypeProto.Tensor tt = vi.getType().getTensorType();
            if (!tt.hasShape()) {
                throw new VitwattException("graph input " + vi.getName() + " declares no shape: re-export the model "
                        + "with its input shape (e.g. [batch, 3, 224, 224])");
            }
            List<TensorShapeProto.Dimension> dims = tt.getShape().getDimList();
            long[] shape = new long[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                TensorShapeProto.Dimension d = dims.get(i);
                String param = d.hasDimParam() ? d.getDimParam() : "";
                if (d.hasDimValue() && d.getDimValue() > 0) {
                    shape[i] = d.getDimValue();
                } else if (named.containsKey(param)) {
                    shape[i] = named.get(param);
                } else if (i == 0) {
                    shape[i] = 1;
                } else if (shape.length == 4 && i >= 2) {
                    shape[i] = DEFAULT_SPATIAL;
                    assumptions.add("input " + vi.getName() + " dim " + i + " ('" + param + "') taken as "
                            + DEFAULT_SPATIAL);
                } else {
                    shape[i] = 1;
                    assumptions.add("input " + vi.getName() + " dim " + i + " ('" + param + "') taken as 1");
                }
            }
            inputs.put(vi.getName(), new ValueType(tt.getElemType(), shape));
        }
        for (String name : named.keySet()) {
            if (!mentions(g, name)) {
                throw new VitwattException("--dim " + name + "=" + named.get(name) + ": no input of this model has a "
                        + "dim named '" + name + "' (its inputs: " + describe(inputs) + ")");
            }
        }
        return new InputDims(inputs, assumptions);
    }

    private static boolean mentions(GraphProto g, String dimName) {
        for (ValueInfoProto vi : g.getInputList()) {
            if (vi.hasType() && vi.getType().hasTensorType() && vi.getType().getTensorType().hasShape()) {
                for (TensorShapeProto.Dimension d : vi.getType().getTensorType().getShape().getDimList()) {
                    if (d.hasDimParam() && d.getDimParam().equals(dimName)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String describe(Map<String, ValueType> inputs) {
        List<String> s = new ArrayList<>();
        inputs.forEach((k, v) -> s.add(k + " " + v));
        return String.join(", ", s);
    }

    /** The batch: the first dim of the first input of rank 2 or more, or 1. */
    public long batch() {
        for (ValueType t : inputs.values()) {
            if (t.rank() >= 2) {
                return t.dim(0);
            }
        }
        return 1;
    }

    /** A description for messages: {@code input float[1, 3, 224, 224]}. */
    public String describe() {
        return describe(inputs);
    }
}
