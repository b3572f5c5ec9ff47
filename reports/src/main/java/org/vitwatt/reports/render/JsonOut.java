package org.vitwatt.reports.render;

import java.io.IOException;

/**
 * Compact JSON written as it goes (RFC 8259): objects, arrays, names, strings escaped as JSON requires (plus
 * U+2028 and U+2029, as Gson does), numbers as {@code Numbers.compact} writes them and {@code null} for a non-finite
 * one. The caller keeps the nesting right; commas are placed here.
 */
public final class JsonOut {
    private final TextOut out;
    /** Per open container: whether it has an element yet (bit set), innermost lowest. */
    private long started;
    private int depth;
    private boolean afterName;

    public JsonOut(TextOut out) {
        this.out = out;
    }

    public JsonOut beginObject() throws IOException {
        value();
        out.append('{');
        push();
        return this;
    }

    public JsonOut endObject() throws IOException {
        depth--;
        out.append('}');
        return this;
    }

    public JsonOut beginArray() throws IOException {
        value();
        out.append('[');
        push();
        return this;
    }

    public JsonOut endArray() throws IOException {
        depth--;
        out.append(']');
        return this;
    }

    public JsonOut name(String name) throws IOException {
        comma();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    public JsonOut value(String s) throws IOException {
        if (s == null) {
            return nullValue();
        }
        value();
        string(s);
        return this;
    }

    public JsonOut value(long v) throws IOException {
        value();
        out.append(v);
        return this;
    }

    public JsonOut value(boolean v) throws IOException {
        value();
        out.append(v ? "true" : "false");
        return this;
    }

    /** A number, {@code null} when it is NaN or infinite. */
    public JsonOut number(double v) throws IOException {
        if (!Double.isFinite(v)) {
            return nullValue();
        }
        value();
        out.compact(v);
        return this;
    }

    public JsonOut nullValue() throws IOException {
        value();
        out.append("null");
        return this;
    }

    /** An array of strings. */
    public JsonOut strings(Iterable<String> values) throws IOException {
        beginArray();
        for (String s : values) {
            value(s);
        }
        return endArray();
    }

    private void push() {
        if (depth >= 63) {
            throw new IllegalStateException("JSON nested deeper than 63");
        }
        depth++;
        started &= ~(1L << depth);
    }

    private void value() throws IOException {
        if (afterName) {
            afterName = false;
            return;
        }
        comma();
    }

    private void comma() throws IOException {
        long bit = 1L << depth;
        if (depth > 0 && (started & bit) != 0) {
            out.append(',');
        }
        started |= bit;
    }

    private void string(String s) throws IOException {
        out.append('"');
        int from = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String esc = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                case '\u2028' -> "\\u2028";
                case '\u2029' -> "\\u2029";
                default -> c < 0x20 ? String.format("\\u%04x", (int) c) : null;
            };
            if (esc != null) {
                out.append(s.substring(from, i)).append(esc);
                from = i + 1;
            }
        }
        out.append(from == 0 ? s : s.substring(from)).append('"');
    }
}
