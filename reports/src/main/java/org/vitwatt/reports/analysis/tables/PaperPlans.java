package org.vitwatt.reports.analysis.tables;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The mixed-precision study's named configurations: MP A = encoder FP16, others FP8; MP B = encoder FP16, others
 * INT8; MP C = FP16 everywhere. A precision matches whatever order its plan's rules were written in.
 */
public final class PaperPlans {
    /** The legend printed under a table that shows the names. */
    public static final String LEGEND = "MP A = mixed:encoder=fp16+others=fp8, MP B = mixed:encoder=fp16+others=int8, "
            + "MP C = fp16 (the mixed-precision study's configurations)";

    private static final Map<Set<String>, String> NAMES = Map.of(
            rules("encoder=fp16+others=fp8"), "MP A",
            rules("encoder=fp16+others=int8"), "MP B",
            rules("others=fp16"), "MP C",
            rules("encoder=fp16+others=fp16"), "MP C");

    private PaperPlans() {
    }

    /** The study's name of {@code precision} ({@code fp16}, {@code mixed:…}), if it is one of its plans. */
    public static Optional<String> name(String precision) {
        String p = precision.trim().toLowerCase(Locale.ROOT);
        String plan = p.equals("fp16") ? "others=fp16" : p.startsWith("mixed:") ? p.substring(6) : null;
        return plan == null ? Optional.empty() : Optional.ofNullable(NAMES.get(rules(plan)));
    }

    /** {@code precision}, followed by the study's name in parentheses when it has one. */
    public static String label(String precision) {
        return name(precision).map(n -> precision + " (" + n + ")").orElse(precision);
    }

    private static Set<String> rules(String plan) {
        return new TreeSet<>(Arrays.stream(plan.split("\\+")).map(String::trim).toList());
    }
}
