package org.vitwatt.models.groups;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.vitwatt.models.onnx.GraphIndex;

/**
 * Labels for blocks from the module paths exporters write into node names: {@code torch.onnx} names a node
 * {@code /blocks/blocks.3/attn/qkv/MatMul}, whose module path is {@code blocks.3.attn.qkv} (a segment that repeats
 * its parent's name with an index replaces it). A block's label is the path all its named nodes share, or empty.
 */
final class BlockLabels {
    private BlockLabels() {
    }

    static List<String> of(GraphIndex g, List<BitSet> blocks) {
        List<String> labels = new ArrayList<>();
        for (BitSet b : blocks) {
            List<String> common = null;
            for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
                List<String> path = modulePath(g.node(i).getName());
                if (path.isEmpty()) {
                    continue;
                }
                common = common == null ? path : commonPrefix(common, path);
            }
            labels.add(common == null ? "" : String.join(".", common));
        }
        return labels;
    }

    /** The module path of a torch-style node name, without the op name; empty for other names. */
    static List<String> modulePath(String name) {
        List<String> parts = new ArrayList<>();
        if (!name.startsWith("/") || name.indexOf('/', 1) < 0) {
            return parts;
        }
        String[] segs = name.substring(1).split("/");
        for (int k = 0; k < segs.length - 1; k++) {
            String seg = segs[k];
            if (!parts.isEmpty() && seg.startsWith(parts.get(parts.size() - 1) + ".")) {
                parts.set(parts.size() - 1, seg);
            } else {
                parts.add(seg);
            }
        }
        List<String> dotted = new ArrayList<>();
        for (String p : parts) {
            for (String s : p.split("\\.")) {
                dotted.add(s);
            }
        }
        return dotted;
    }

    private static List<String> commonPrefix(List<String> a, List<String> b) {
        int k = 0;
        while (k < a.size() && k < b.size() && a.get(k).equals(b.get(k))) {
            k++;
        }
        return a.subList(0, k);
    }
}
