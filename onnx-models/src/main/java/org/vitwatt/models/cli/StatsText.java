package org.vitwatt.models.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.vitwatt.models.stats.GroupStats;
import org.vitwatt.models.stats.ModelStats;

/** Human-readable rendering of {@link ModelStats}. */
final class StatsText {
    /** How the figures are counted, printed under them. */
    static final String RULES = "Rules: params = the model's parameters: floating-point stored tensors that are "
            + "not scalars (rank 0), each Identity copy of a deduplicated one counted as its own tensor, and quantized "
            + "weights; buffers = the other stored tensors: integer index tables and shape constants, scalars, "
            + "attention masks, BatchNorm running statistics, quantization scales and zero points, constants fed "
            + "through a layer; a constant-folded relative-position table counts as the table. MACs per image = "
            + "fvcore rules: MatMul/Gemm/Conv multiply-accumulates (attention included), LayerNorm 5/elem, BatchNorm "
            + "2/elem, global average pool 1/elem, from the shapes ONNX Runtime reports. See docs/models.md.";

    private StatsText() {
    }

    static void print(PrintWriter out, String label, long fileBytes, ModelStats s) {
        out.println("model:     " + label);
        out.printf(Locale.ROOT, "file:      %,d bytes (%.1f MiB)%n", fileBytes, fileBytes / 1048576.0);
        out.println("producer:  " + (s.producer().isEmpty() ? "-" : s.producer()));
        out.println("IR:        " + s.irVersion() + "   opsets: " + s.opsets().entrySet().stream()
                .map(e -> (e.getKey().isEmpty() ? "ai.onnx" : e.getKey()) + " " + e.getValue())
                .collect(Collectors.joining(", ")));
        s.inputs().forEach(t -> out.println("input:     " + t));
        s.outputs().forEach(t -> out.println("output:    " + t));
        out.printf(Locale.ROOT, "params:    %,d (%.2f M)%n", s.params(), s.params() / 1e6);
        out.printf(Locale.ROOT, "buffers:   %,d%n", s.buffers());
        out.printf(Locale.ROOT, "MACs:      %,d (%.2f G) per image%n", s.macs(), s.macs() / 1e9);
        for (Map.Entry<String, Long> e : s.macsByOp().entrySet()) {
            out.printf(Locale.ROOT, "  %-32s %,d%n", e.getKey(), e.getValue());
        }
        out.println("nodes:     " + s.nodes() + "  (" + s.opCounts().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")");
        out.printf(Locale.ROOT, "groups:    %-14s %6s %7s  %s%n", "name", "nodes", "MACs", "label");
        for (GroupStats g : s.groups()) {
            out.printf(Locale.ROOT, "  %-22s %6d %6.2f%%  %s%n", g.name(), g.nodes(), g.macsShare(), g.label());
        }
        if (!s.uncountedNodes().isEmpty()) {
            out.println("WARNING:   " + s.uncountedNodes().size() + " MAC-carrying node(s) could not be counted: "
                    + String.join(", ", s.uncountedNodes().subList(0, Math.min(5, s.uncountedNodes().size())))
                    + (s.uncountedNodes().size() > 5 ? ", ..." : ""));
        }
        out.println("shapes:    " + s.shapes());
        s.assumptions().forEach(a -> out.println("note:      " + a));
        s.metadata().forEach((k, v) -> out.println("metadata:  " + k + " = " + v));
        out.println(RULES);
    }
}
