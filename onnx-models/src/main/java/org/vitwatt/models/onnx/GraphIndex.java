package org.vitwatt.models.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lookups over one graph's top-level nodes: which node produces a value, which nodes consume it, and which stored
 * tensor a value holds. A value holds a stored tensor when it is an initializer, the output of a {@code Constant}
 * node with a tensor value, or an {@code Identity} of such a value: {@code torch.onnx} deduplicates equal
 * initializers into one tensor and gives every other use its own {@code Identity} copy.
 */
public final class GraphIndex {
    private final GraphProto graph;
    private final Map<String, Integer> producer = new HashMap<>();
    private final Map<String, List<Use>> consumers = new HashMap<>();
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Map<String, TensorProto> constantNodes = new HashMap<>();

    /** One input slot of a node that reads a value. */
    public record Use(int node, int input) {
    }

    public GraphIndex(GraphProto graph) {
        this.graph = graph;
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto n = graph.getNode(i);
            for (String out : n.getOutputList()) {
                if (!out.isEmpty()) {
                    producer.put(out, i);
                }
            }
            for (int k = 0; k < n.getInputCount(); k++) {
                String in = n.getInput(k);
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, x -> new ArrayList<>()).add(new Use(i, k));
                }
            }
            if (n.getOpType().equals("Constant") && isDefaultDomain(n) && n.getOutputCount() == 1) {
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("value") && a.hasT()) {
                        constantNodes.put(n.getOutput(0), a.getT());
                    }
                }
            }
        }
    }

    public GraphProto graph() {
        return graph;
    }

    public int nodeCount() {
        return graph.getNodeCount();
    }

    public NodeProto node(int i) {
        return graph.getNode(i);
    }

    /** True for nodes of the default ONNX domain ("" or "ai.onnx"). */
    public static boolean isDefaultDomain(NodeProto n) {
        return n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
    }

    /** The index of the node that produces {@code value}; empty for graph inputs, initializers and unknown names. */
    public Optional<Integer> producer(String value) {
        return Optional.ofNullable(producer.get(value));
    }

    /** The node producing {@code value}, or -1. */
    public int producerIndex(String value) {
        Integer p = producer.get(value);
        return p == null ? -1 : p;
    }

    /** Every input slot that reads {@code value}, in node order. */
    public List<Use> consumers(String value) {
        return Collections.unmodifiableList(consumers.getOrDefault(value, List.of()));
    }

    /** The initializer named {@code name}, if any. */
    public Optional<TensorProto> initializer(String name) {
        return Optional.ofNullable(initializers.get(name));
    }

    public boolean isInitializer(String name) {
        return initializers.containsKey(name);
    }

    /**
     * The stored tensor {@code value} holds: an initializer, a {@code Constant} node's tensor, or either of them
     * reached through a chain of {@code Identity} nodes.
     */
    public Optional<TensorProto> storedTensor(String value) {
        String v = value;
        for (int guard = 0; guard <= graph.getNodeCount(); guard++) {
            TensorProto t = initializers.get(v);
            if (t == null) {
                t = constantNodes.get(v);
            }
            if (t != null) {
                return Optional.of(t);
            }
            Integer p = producer.get(v);
            if (p == null) {
                return Optional.empty();
            }
            NodeProto n = graph.getNode(p);
            if (!n.getOpType().equals("Identity") || !isDefaultDomain(n) || n.getInputCount() != 1) {
                return Optional.empty();
            }
            v = n.getInput(0);
        }
        return Optional.empty();
    }

    /** True when {@code value} holds a stored tensor ({@link #storedTensor}). */
    public boolean isStored(String value) {
        return storedTensor(value).isPresent();
    }

    /**
     * The initializer {@code value} holds directly or through {@code Identity} nodes (not a {@code Constant} node's
     * tensor, which a rewrite cannot replace by name).
     */
    public Optional<TensorProto> initializerBehind(String value) {
        Optional<TensorProto> t = storedTensor(value);
        return t.isPresent() && initializers.get(t.get().getName()) == t.get() ? t : Optional.empty();
    }
}
