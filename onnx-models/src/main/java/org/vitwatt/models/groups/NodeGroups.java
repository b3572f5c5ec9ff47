package org.vitwatt.models.precision;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named groups of a ViT graph that precision plans address, found from the graph's structure: the
 * module path that exporters write into node names ({@code /blocks/blocks.3/attn/qkv/MatMul} from
 * {@code torch.onnx.export}, the same form vitwatt's builder writes), or, for nodes without one, the
 * names of the initializers they use.
 * <ul>
 *   <li>{@code patch_embed}: modules named {@code patch_embed}, {@code stem}, {@code conv_stem},
 *       {@code embeddings} (Hugging Face) at the top level;</li>
 *   <li>{@code blocks[i]}: the i-th encoder block in graph order — a module path segment
 *       {@code blocks.N}, {@code layers.N} or {@code layer.N}, nested ones such as TinyViT's
 *       {@code stages.1.blocks.0} numbered globally; {@code encoder} is all of them;</li>
 *   <li>{@code head}: top-level modules {@code head}, {@code head_dist}, {@code fc}, {@code classifier};</li>
 *   <li>{@code others}: every other node (position embedding, class token, final norm, glue).</li>
 * </ul>
 */
public final class NodeGroups {
    private static final Pattern BLOCK = Pattern.compile("(?:^|\\.)((?:[A-Za-z_]+\\.\\d+\\.)*(?:blocks|layers|layer)"
            + "\\.(\\d+))(?=\\.|$)");
    /** Wrapper modules some exporters put above the model's own top level (Hugging Face "vit", "deit"...). */
    private static final List<String> WRAPPERS = List.of("vit", "deit", "model", "backbone", "module", "levit",
            "efficientvit", "base_model");
    private static final List<String> PATCH_EMBED = List.of("patch_embed", "stem", "conv_stem", "embeddings",
            "patch_embeddings");
    private static final List<String> HEAD = List.of("head", "head_dist", "fc", "classifier", "pre_logits");

    private final BitSet patchEmbed = new BitSet();
    private final BitSet head = new BitSet();
    private final List<BitSet> blocks = new ArrayList<>();
    private final List<String> blockNames = new ArrayList<>();
    private final int nodeCount;

    /** Assigns every node of {@code g} to one group. */
    public NodeGroups(GraphProto g) {
        nodeCount = g.getNodeCount();
        Map<String, Integer> blockIndex = new LinkedHashMap<>();
        for (int i = 0; i < nodeCount; i++) {
            NodeProto n = g.getNode(i);
            String path = modulePath(n);
            Matcher m = BLOCK.matcher(path);
            if (m.find()) {
                String key = m.group(1);
                Integer b = blockIndex.get(key);
                if (b == null) {
                    b = blockIndex.size();
                    blockIndex.put(key, b);
                    blocks.add(new BitSet());
                    blockNames.add(key);
                }
                blocks.get(b).set(i);
                continue;
            }
            String top = topLevel(path);
            if (PATCH_EMBED.contains(top)) {
                patchEmbed.set(i);
            } else if (HEAD.contains(top)) {
                head.set(i);
            }
        }
    }

    /**
     * The dotted module path of a node. A torch-style name {@code /stages/stages.1/blocks/blocks.0/attn/MatMul}
     * becomes {@code stages.1.blocks.0.attn.MatMul} (a segment that repeats its parent's name with an index
     * replaces it). Nodes without such a name use the first parameter-like input name with a dot
     * ({@code blocks.0.norm1.weight}); otherwise the path is empty.
     */
    static String modulePath(NodeProto n) {
        String name = n.getName();
        if (name.startsWith("/") && name.indexOf('/', 1) > 0) {
            List<String> parts = new ArrayList<>();
            for (String seg : name.substring(1).split("/")) {
                if (!parts.isEmpty() && seg.startsWith(parts.get(parts.size() - 1) + ".")) {
                    parts.set(parts.size() - 1, seg);
                } else {
                    parts.add(seg);
                }
            }
            return String.join(".", parts);
        }
        for (String in : n.getInputList()) {
            if (in.contains(".") && !in.startsWith("onnx::") && !in.startsWith("/")) {
                return in;
            }
        }
        return "";
    }

    private static String topLevel(String path) {
        String[] segs = path.split("\\.");
        if (segs.length > 1 && WRAPPERS.contains(segs[0])) {
            return segs[1];
        }
        return segs[0];
    }

    public int nodeCount() {
        return nodeCount;
    }

    /** Number of encoder blocks found. */
    public int blockCount() {
        return blocks.size();
    }

    /** The module path of block {@code i} as found in the graph, e.g. "blocks.3" or "stages.1.blocks.0". */
    public String blockName(int i) {
        return blockNames.get(i);
    }

    public BitSet patchEmbed() {
        return (BitSet) patchEmbed.clone();
    }

    public BitSet head() {
        return (BitSet) head.clone();
    }

    /** Nodes of blocks {@code from..to} inclusive. */
    public BitSet blocks(int from, int to) {
        BitSet b = new BitSet();
        for (int i = from; i <= to; i++) {
            b.or(blocks.get(i));
        }
        return b;
    }

    /** Nodes of every block. */
    public BitSet encoder() {
        return blocks.isEmpty() ? new BitSet() : blocks(0, blocks.size() - 1);
    }

    /** Nodes in no other group. */
    public BitSet others() {
        BitSet o = new BitSet();
        o.set(0, nodeCount);
        o.andNot(patchEmbed);
        o.andNot(head);
        o.andNot(encoder());
        return o;
    }

    /** The group names present in this graph, for messages ("patch_embed, encoder = blocks[0-11], head, others"). */
    public List<String> describe() {
        List<String> d = new ArrayList<>();
        if (!patchEmbed.isEmpty()) {
            d.add("patch_embed");
        }
        if (!blocks.isEmpty()) {
            d.add("encoder = blocks[0-" + (blocks.size() - 1) + "]");
        }
        if (!head.isEmpty()) {
            d.add("head");
        }
        if (!others().isEmpty()) {
            d.add("others");
        }
        return Collections.unmodifiableList(d);
    }
}
