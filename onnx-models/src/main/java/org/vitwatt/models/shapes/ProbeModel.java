package org.vitwatt.models.shapes;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vitwatt.models.graph.Attrs;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.TensorData;

/**
 * The copy of a model that ONNX Runtime runs to report the type and shape of its values: the same graph with the
 * chosen intermediate values declared as graph outputs by name only (ONNX Runtime infers their types, as its own
 * calibrator relies on) and, since the copy is handed over as bytes, external data made internal. A floating-point
 * tensor stored outside the file becomes a {@code ConstantOfShape} of zeros of its type and dims: types and shapes
 * never depend on a weight's values, so its bytes need not be read; other external tensors (index tables, shapes)
 * are read into the copy.
 */
final class ProbeModel {
    private final ModelProto base;
    private final List<String> values;

    private ProbeModel(ModelProto base, List<String> values) {
        this.base = base;
        this.values = values;
    }

    /** The probe of {@code model}; {@code modelDir} locates external data (may be null when there is none). */
    static ProbeModel of(ModelProto model, Path modelDir) {
        GraphProto g = model.getGraph();
        Set<String> outputs = new HashSet<>();
        g.getOutputList().forEach(o -> outputs.add(o.getName()));
        List<String> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NodeProto n : g.getNodeList()) {
            for (String out : n.getOutputList()) {
                if (!out.isEmpty() && !outputs.contains(out) && seen.add(out)) {
                    values.add(out);
                }
            }
        }
        boolean external = g.getInitializerList().stream().anyMatch(TensorData::isExternal);
        ModelProto base = external ? model.toBuilder().setGraph(internalize(g, modelDir)).build() : model;
        return new ProbeModel(base, List.copyOf(values));
    }

    private static GraphProto internalize(GraphProto g, Path modelDir) {
        GraphProto.Builder b = g.toBuilder().clearInitializer();
        List<NodeProto> zeros = new ArrayList<>();
        for (TensorProto t : g.getInitializerList()) {
            if (!TensorData.isExternal(t)) {
                b.addInitializer(t);
            } else if (DataTypes.isFloating(t.getDataType())) {
                String shape = t.getName() + "__probe_shape";
                b.addInitializer(TensorData.int64Tensor(shape, new long[] {t.getDimsCount()}, TensorData.dims(t)));
                TensorProto zero = TensorData.raw("", t.getDataType(), new long[] {1},
                        new byte[Math.max(1, DataTypes.bits(t.getDataType()) / 8)]);
                zeros.add(NodeProto.newBuilder().setOpType("ConstantOfShape").setName(t.getName() + "__probe")
                        .addInput(shape).addOutput(t.getName()).addAttribute(Attrs.t("value", zero)).build());
            } else {
                ByteBuffer bytes = TensorData.rawBytes(t, modelDir);
                b.addInitializer(t.toBuilder().clearExternalData().clearDataLocation()
                        .setRawData(ByteString.copyFrom(bytes)).build());
            }
        }
        List<NodeProto> nodes = new ArrayList<>(zeros);
        nodes.addAll(g.getNodeList());
        return b.clearNode().addAllNode(nodes).build();
    }

    /** Every node output that is not already a graph output, in node order. */
    List<String> values() {
        return values;
    }

    /** The probe's bytes with {@code declared} added to the graph outputs. */
    byte[] withOutputs(Collection<String> declared) {
        GraphProto.Builder g = base.getGraph().toBuilder();
        for (String v : declared) {
            g.addOutput(ValueInfoProto.newBuilder().setName(v));
        }
        return base.toBuilder().setGraph(g).build().toByteArray();
    }
}
