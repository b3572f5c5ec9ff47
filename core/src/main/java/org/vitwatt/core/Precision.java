package org.vitwatt.core;

import java.util.Locale;
import org.vitwatt.feedback.VitwattException;

/**
 * The numeric precision a model runs at: {@code fp32}, {@code fp16}, {@code int8}, {@code fp8} (E4M3FN),
 * {@code int4w} (4-bit weights) or a mixed plan {@code mixed:<plan>} that assigns a precision to named groups of
 * nodes.
 *
 * @param kind the precision level
 * @param plan the mixed plan text after {@code mixed:} (empty for the uniform levels)
 */
public record Precision(Kind kind, String plan) {
    /** Precision levels. */
    public enum Kind {
        FP32, FP16, INT8, FP8, INT4W, MIXED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Precision FP32 = new Precision(Kind.FP32, "");

    public Precision {
        plan = plan == null ? "" : plan;
        if (kind == Kind.MIXED && plan.isBlank()) {
            throw new VitwattException("precision 'mixed' needs a plan, e.g. "
                    + "-p precision=mixed:encoder=fp16+others=int8");
        }
    }

    /** Parses a {@code -p precision=} value. */
    public static Precision parse(String s) {
        String v = s == null ? "" : s.trim();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mixed:") || lower.equals("mixed")) {
            return new Precision(Kind.MIXED, v.length() > 6 ? v.substring(6).trim() : "");
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.MIXED && k.id().equals(lower)) {
                return new Precision(k, "");
            }
        }
        throw new VitwattException("unknown precision '" + s + "': use fp32, fp16, int8, fp8, int4w or mixed:<plan> "
                + "(e.g. mixed:encoder=fp16+others=int8)");
    }

    /** The text form, as {@link #parse(String)} reads it. */
    public String id() {
        return kind == Kind.MIXED ? "mixed:" + plan : kind.id();
    }

    @Override
    public String toString() {
        return id();
    }
}
