package org.vitwatt.models.groups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.vitwatt.models.onnx.GraphIndex;
import org.vitwatt.models.shapes.ValueTypes;

/**
 * Finds a graph's {@link NodeGroups}: its top-level residual connections in execution order ({@link Residual}),
 * split into stages where the stream changes size; in each stage a block per token mixer with the residuals and
 * stream nodes after it; the patch embedding up to the last MAC-carrying node before the first block; the head after
 * the last block; then the nodes that compute only from stored tensors and shapes join the one group that reads
 * them.
 */
final class GroupFinder {
    private static final int OTHERS = -1;
    private static final int PATCH_EMBED = -2;
    private static final int HEAD = -3;

    /**
     * The blocks (each its residuals, in order) and, per stage, its first and last block.
     */
    private record Blocks(List<List<Residual>> residuals, List<int[]> stages) {
        boolean sameStage(int a, int b) {
            for (int[] s : stages) {
                if (a >= s[0] && a <= s[1]) {
                    return b >= s[0] && b <= s[1];
                }
            }
            return false;
        }

        String entry(int block) {
            return residuals.get(block).get(0).entry();
        }

        Residual last(int block) {
            List<Residual> rs = residuals.get(block);
            return rs.get(rs.size() - 1);
        }
    }

    private GroupFinder() {
    }

    /** The groups of {@code g}. */
    static NodeGroups find(GraphIndex g, ValueTypes types, long[] nodeMacs) {
        DataFlow flow = new DataFlow(g);
        Blocks blocks = blocks(g, types, Residual.find(flow, nodeMacs));
        int count = blocks.residuals().size();
        int[] group = new int[g.nodeCount()];
        Arrays.fill(group, OTHERS);
        for (int b = 0; b < count; b++) {
            BitSet span = span(flow, blocks, b);
            for (int i = span.nextSetBit(0); i >= 0; i = span.nextSetBit(i + 1)) {
                group[i] = b;
            }
        }
        if (count > 0) {
            mark(group, patchEmbedding(flow, blocks.entry(0), nodeMacs), PATCH_EMBED);
            mark(group, flow.descendants(blocks.last(count - 1).exit(g)), HEAD);
        }
        absorbConstants(flow, group);
        List<BitSet> blockNodes = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            blockNodes.add(collect(group, b));
        }
        return new NodeGroups(g.nodeCount(), collect(group, PATCH_EMBED), collect(group, HEAD), blockNodes,
                BlockLabels.of(g, blockNodes), List.copyOf(blocks.stages()));
    }

    /**
     * Stages are the runs of residuals over which the stream keeps its size; in each, a block opens at every token
     * mixer and takes the residuals after it; residuals before a stage's first mixer belong to no block.
     */
    private static Blocks blocks(GraphIndex g, ValueTypes types, List<Residual> residuals) {
        List<List<Residual>> blocks = new ArrayList<>();
        List<int[]> stages = new ArrayList<>();
        long stageSize = -1;
        int stageStart = 0;
        List<Residual> current = null;
        for (Residual r : residuals) {
            long size = types.type(r.exit(g)).map(t -> t.numel()).orElse(-1L);
            if (size != stageSize) {
                if (blocks.size() > stageStart) {
                    stages.add(new int[] {stageStart, blocks.size() - 1});
                }
                stageSize = size;
                stageStart = blocks.size();
                current = null;
            }
            if (r.mixer()) {
                current = new ArrayList<>();
                current.add(r);
                blocks.add(current);
            } else if (current != null) {
                current.add(r);
            }
        }
        if (blocks.size() > stageStart) {
            stages.add(new int[] {stageStart, blocks.size() - 1});
        }
        return new Blocks(blocks, stages);
    }

    /**
     * Block {@code b}'s nodes: its residual branches and the stream from its entry up to the next block's entry in
     * the same stage, or to its last residual's {@code Add} when it ends its stage.
     */
    private static BitSet span(DataFlow flow, Blocks blocks, int b) {
        GraphIndex g = flow.index();
        String entry = blocks.entry(b);
        boolean nextInStage = b + 1 < blocks.residuals().size() && blocks.sameStage(b, b + 1);
        int end = nextInStage ? g.producerIndex(blocks.entry(b + 1)) : blocks.last(b).add();
        BitSet span = end >= 0 && flow.descendants(entry).get(end) ? flow.between(entry, end) : new BitSet();
        for (Residual r : blocks.residuals().get(b)) {
            span.or(r.nodes());
        }
        return span;
    }

    /** The last MAC-carrying node ahead of {@code entry} and every live node on the way from the input to it. */
    private static BitSet patchEmbedding(DataFlow flow, String entry, long[] nodeMacs) {
        int p = flow.index().producerIndex(entry);
        if (p < 0) {
            return new BitSet();
        }
        BitSet before = flow.ancestors(p, 0);
        before.set(p);
        int last = -1;
        for (int i = before.nextSetBit(0); i >= 0; i = before.nextSetBit(i + 1)) {
            if (nodeMacs[i] > 0) {
                last = i;
            }
        }
        if (last < 0) {
            return new BitSet();
        }
        BitSet pe = flow.ancestors(last, 0);
        pe.set(last);
        return pe;
    }

    /** Puts the nodes of {@code nodes} that are in no group yet into group {@code id}. */
    private static void mark(int[] group, BitSet nodes, int id) {
        for (int i = nodes.nextSetBit(0); i >= 0; i = nodes.nextSetBit(i + 1)) {
            if (group[i] == OTHERS) {
                group[i] = id;
            }
        }
    }

    /**
     * A node that is not live (it computes from stored tensors and shapes only) joins the group of its consumers
     * when they all are in one group; consumers come later in the node order, so one backward pass suffices.
     */
    private static void absorbConstants(DataFlow flow, int[] group) {
        GraphIndex g = flow.index();
        for (int i = g.nodeCount() - 1; i >= 0; i--) {
            if (flow.isLive(i) || group[i] != OTHERS) {
                continue;
            }
            Integer shared = null;
            boolean single = true;
            for (String out : g.node(i).getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (g.graph().getOutputList().stream().anyMatch(o -> o.getName().equals(out))) {
                    single = false;
                }
                for (GraphIndex.Use u : g.consumers(out)) {
                    int c = group[u.node()];
                    if (shared == null) {
                        shared = c;
                    } else if (shared != c) {
                        single = false;
                    }
                }
            }
            if (single && shared != null && shared != OTHERS) {
                group[i] = shared;
            }
        }
    }

    private static BitSet collect(int[] group, int id) {
        BitSet b = new BitSet();
        for (int i = 0; i < group.length; i++) {
            if (group[i] == id) {
                b.set(i);
            }
        }
        return b;
    }
}
