package org.vitwatt.models.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.vitwatt.models.stats.ModelStats;

/** Human-readable rendering of {@link ModelStats}. */
final class StatsText {
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
        out.printf(Locale.ROOT, "MACs:      %,d (%.2f G) per image%n", s.macs(), s.macs() / 1e9);
        for (Map.Entry<String, Long> e : s.macsByOp().entrySet()) {
            out.printf(Locale.ROOT, "  %-20s %,d%n", e.getKey(), e.getValue());
        }
        out.println("nodes:     " + s.nodes() + "  (" + s.opCounts().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")");
        if (!s.uncountedNodes().isEmpty()) {
            out.println("WARNING:   " + s.uncountedNodes().size() + " MAC-carrying node(s) with unknown shapes were "
                    + "not counted: " + String.join(", ", s.uncountedNodes().subList(0,
                    Math.min(5, s.uncountedNodes().size()))) + (s.uncountedNodes().size() > 5 ? ", ..." : ""));
        }
        s.assumptions().forEach(a -> out.println("note:      " + a));
        s.metadata().forEach((k, v) -> out.println("metadata:  " + k + " = " + v));
        out.println("Rules: params = floating initializers (+ quantized weights), MACs = fvcore rules "
                + "(MatMul/Gemm/Conv MACs, LayerNorm 5/elem, BN 2/elem); see 'stats --help'.");
    }
}
