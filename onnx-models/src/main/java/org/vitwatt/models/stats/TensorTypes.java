package org.vitwatt.models.stats;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Element type and static shape of every tensor of a graph, as vitwatt's shape inference works them out
 * (batch 1). Transforms use it to know which tensors are float before they change any.
 */
public final class TensorTypes {
    private final Map<String, TensorInfo> infos;

    private TensorTypes(Map<String, TensorInfo> infos) {
        this.infos = infos;
    }

    /** Infers the graph of {@code model}; {@code modelDir} locates external data (may be null). */
    public static TensorTypes of(ModelProto model, Path modelDir) {
        return new TensorTypes(new HashMap<>(new ShapeInference(model, modelDir, Map.of()).infos()));
    }

    /** The ONNX element type of {@code tensor}, or 0 when unknown. */
    public int elemType(String tensor) {
        TensorInfo t = infos.get(tensor);
        return t == null ? 0 : t.elemType();
    }

    /** The static shape at batch 1, or null when unknown. */
    public long[] shape(String tensor) {
        TensorInfo t = infos.get(tensor);
        return t == null || t.shape() == null ? null : t.shape().clone();
    }
}
