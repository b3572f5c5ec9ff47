package org.vitwatt.models.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack of module scopes a graph is being written in, and the names {@code torch.onnx.export} derives from it:
 * node names are the scopes joined by {@code /} plus the op type ({@code /blocks/blocks.0/attn/qkv/MatMul}, a
 * repeat getting {@code _1}, {@code _2}, ...), parameter paths the innermost form of each nesting joined by dots
 * ({@code blocks.0.attn.qkv}, as in timm's state dict).
 */
final class ModuleScopes {
    private final Deque<String> scopes = new ArrayDeque<>();
    private final Map<String, Integer> nodeNames = new HashMap<>();

    void enter(String name) {
        scopes.addLast(name);
    }

    void leave() {
        scopes.removeLast();
    }

    /** The dotted module path of the current scope, e.g. "blocks.0.attn". */
    String path() {
        List<String> parts = new ArrayList<>();
        String previous = null;
        for (String s : scopes) {
            // torch nests "blocks" then "blocks.0": the parameter path keeps only the innermost form
            if (previous != null && s.startsWith(previous + ".")) {
                parts.remove(parts.size() - 1);
            }
            parts.add(s);
            previous = s;
        }
        return String.join(".", parts);
    }

    /** {@code <path>.<leaf>}, or {@code leaf} at the top level. */
    String qualified(String leaf) {
        String p = path();
        return p.isEmpty() ? leaf : p + "." + leaf;
    }

    /** A new, unique node name for an {@code opType} node in the current scope. */
    String nodeName(String opType) {
        StringBuilder sb = new StringBuilder();
        for (String s : scopes) {
            sb.append('/').append(s);
        }
        sb.append('/').append(opType);
        String base = sb.toString();
        int k = nodeNames.merge(base, 1, Integer::sum) - 1;
        return k == 0 ? base : base + "_" + k;
    }
}
