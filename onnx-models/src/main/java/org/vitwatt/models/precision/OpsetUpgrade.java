package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.onnx.DataTypes;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.onnx.TensorData;
import org.vitwatt.models.shapes.ValueType;

/**
 * Raises a model's default-domain opset (from 13 or later) to a target of at most 21, rewriting what changed
 * incompatibly on the way, as ONNX's version converter does: from opset 18 the reductions other than
 * {@code ReduceSum} take {@code axes} as an input instead of an attribute, so the attribute becomes an INT64
 * initializer, and a {@code Split} into equal parts must state {@code num_outputs}. Every other change between opsets 13 and 21 that a ViT uses only added types or optional
 * attributes and inputs. {@code GroupNormalization} changed its scale and bias from per-group to per-channel at 21,
 * so a model that has it is refused for a target of 21. A model below 13 (Softmax, Split, Squeeze and ReduceSum
 * changed at 13) is refused with the reason.
 */
public final class OpsetUpgrade {
    private static final Set<String> AXES_TO_INPUT = Set.of("ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd",
            "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare");

    /**
     * The raised model and the types of the values it added.
     *
     * @param model the model at the target opset
     * @param added the type of every initializer the upgrade added
     */
    public record Raised(ModelProto model, Map<String, ValueType> added) {
    }

    private OpsetUpgrade() {
    }

    /** The default-domain opset {@code model} imports (1 when it imports none, as ONNX reads it). */
    public static long opset(ModelProto model) {
        return model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain()
                .equals("ai.onnx")).mapToLong(OperatorSetIdProto::getVersion).max().orElse(1);
    }

    /**
     * {@code model} at opset {@code target} (unchanged when it is there already) and IR version at least
     * {@code minIr}.
     */
    public static Raised raise(ModelProto model, int target, long minIr) {
        long from = opset(model);
        if (target > 21) {
            throw new IllegalArgumentException("opset upgrade supports targets up to 21, not " + target);
        }
        ModelProto.Builder mb = model.toBuilder().setIrVersion(Math.max(model.getIrVersion(), minIr));
        if (from >= target) {
            return new Raised(mb.build(), Map.of());
        }
        if (from < 13) {
            throw new VitwattException("model is at ONNX opset " + from + ": vitwatt raises opsets from 13 on (Softmax, "
                    + "Split and Squeeze changed at 13); re-export it at opset 17 or later");
        }
        GraphProto g = model.getGraph();
        Map<String, ValueType> added = new HashMap<>();
        GraphProto.Builder gb = g.toBuilder().clearNode();
        for (NodeProto n : g.getNodeList()) {
            if (!GraphIndex.isDefaultDomain(n)) {
                gb.addNode(n);
                continue;
            }
            if (target >= 21 && n.getOpType().equals("GroupNormalization")) {
                throw new VitwattException("node " + n.getName() + " is GroupNormalization, whose scale and bias "
                        + "changed meaning at opset 21; this model cannot be raised from opset " + from + " to "
                        + target);
            }
            if (from < 18 && AXES_TO_INPUT.contains(n.getOpType())) {
                gb.addNode(axesAsInput(n, gb, added));
            } else if (from < 18 && n.getOpType().equals("Split") && (n.getInputCount() < 2
                    || n.getInput(1).isEmpty())) {
                // equal parts: from 18 the count must be stated as num_outputs
                gb.addNode(n.toBuilder().addAttribute(AttributeProto.newBuilder().setName("num_outputs")
                        .setType(AttributeProto.AttributeType.INT).setI(n.getOutputCount())));
            } else {
                gb.addNode(n);
            }
        }
        mb.setGraph(gb).clearOpsetImport();
        boolean wroteDefault = false;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                if (!wroteDefault) {
                    mb.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(target));
                    wroteDefault = true;
                }
            } else {
                mb.addOpsetImport(o);
            }
        }
        return new Raised(mb.build(), Map.copyOf(added));
    }

    private static NodeProto axesAsInput(NodeProto n, GraphProto.Builder gb, Map<String, ValueType> added) {
        NodeProto.Builder b = n.toBuilder().clearAttribute();
        List<Long> axes = null;
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals("axes")) {
                axes = a.getIntsList();
            } else {
                b.addAttribute(a);
            }
        }
        if (axes == null) {
            return n; // no axes: reduce over all, the same at every opset
        }
        String name = (n.getOutputCount() > 0 ? n.getOutput(0) : n.getName()) + "_axes";
        long[] values = axes.stream().mapToLong(Long::longValue).toArray();
        gb.addInitializer(TensorData.int64Tensor(name, new long[] {values.length}, values));
        added.put(name, new ValueType(DataTypes.INT64, new long[] {values.length}));
        while (b.getInputCount() < 1) {
            b.addInput("");
        }
        return b.addInput(name).build();
    }
}
