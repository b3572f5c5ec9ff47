package org.vitwatt.models.groups;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vitwatt.models.onnx.GraphIndex;

/**
 * How data flows from the graph's inputs through its nodes. A node is <i>live</i> when its outputs depend on the
 * values of a graph input; {@code Shape} and {@code Size} read only a shape, so they and what is computed from them
 * alone (the batch-dependent shape arithmetic exporters write, masks built from a shape) are not. Ancestors and
 * descendants follow live nodes only, so the stream of activations is traced without the side paths that merely
 * look at its shape. Node indices are a topological order, as ONNX requires of a graph's node list.
 */
final class DataFlow {
    private final GraphIndex g;
    private final BitSet live = new BitSet();
    private final List<int[]> liveInputs = new ArrayList<>();
    private final List<int[]> liveConsumers;
    private final Set<String> graphInputs = new HashSet<>();

    DataFlow(GraphIndex g) {
        this.g = g;
        g.graph().getInputList().forEach(v -> {
            if (!g.isInitializer(v.getName())) {
                graphInputs.add(v.getName());
            }
        });
        int n = g.nodeCount();
        List<List<Integer>> consumers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            consumers.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            NodeProto node = g.node(i);
            boolean fromInput = false;
            List<Integer> preds = new ArrayList<>();
            for (String in : node.getInputList()) {
                if (in.isEmpty()) {
                    continue;
                }
                if (graphInputs.contains(in)) {
                    fromInput = true;
                }
                int p = g.producerIndex(in);
                if (p >= 0 && live.get(p)) {
                    preds.add(p);
                }
            }
            boolean shapeOnly = node.getOpType().equals("Shape") || node.getOpType().equals("Size");
            if (!shapeOnly && (fromInput || !preds.isEmpty())) {
                live.set(i);
                liveInputs.add(preds.stream().mapToInt(Integer::intValue).distinct().toArray());
                for (int p : liveInputs.get(i)) {
                    consumers.get(p).add(i);
                }
            } else {
                liveInputs.add(new int[0]);
            }
        }
        liveConsumers = new ArrayList<>();
        for (List<Integer> c : consumers) {
            liveConsumers.add(c.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    GraphIndex index() {
        return g;
    }

    boolean isLive(int node) {
        return live.get(node);
    }

    /** True when {@code value} is a graph input or the output of a live node. */
    boolean isLiveValue(String value) {
        if (graphInputs.contains(value)) {
            return true;
        }
        int p = g.producerIndex(value);
        return p >= 0 && live.get(p);
    }

    /** Live nodes that read {@code value}, directly or through other live nodes. */
    BitSet descendants(String value) {
        BitSet out = new BitSet();
        Deque<Integer> todo = new ArrayDeque<>();
        for (GraphIndex.Use u : g.consumers(value)) {
            if (live.get(u.node()) && !out.get(u.node())) {
                out.set(u.node());
                todo.add(u.node());
            }
        }
        while (!todo.isEmpty()) {
            for (int c : liveConsumers.get(todo.poll())) {
                if (!out.get(c)) {
                    out.set(c);
                    todo.add(c);
                }
            }
        }
        return out;
    }

    /** Live nodes {@code node} depends on (itself excluded), no earlier than node {@code floor}. */
    BitSet ancestors(int node, int floor) {
        BitSet out = new BitSet();
        Deque<Integer> todo = new ArrayDeque<>();
        todo.add(node);
        while (!todo.isEmpty()) {
            for (int p : liveInputs.get(todo.poll())) {
                if (p >= floor && !out.get(p)) {
                    out.set(p);
                    todo.add(p);
                }
            }
        }
        return out;
    }

    /** The nodes on data paths from {@code value} to node {@code last}, {@code last} included. */
    BitSet between(String value, int last) {
        int floor = Math.max(0, g.producerIndex(value));
        BitSet b = ancestors(last, floor);
        b.set(last);
        b.and(descendants(value));
        return b;
    }
}
