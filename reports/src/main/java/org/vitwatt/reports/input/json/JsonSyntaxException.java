package org.vitwatt.reports.input.json;

/**
 * Text that is not valid JSON. {@link #truncated()} says that the input ended where more was needed — a file cut
 * short by a crash or a full disk, not a mistake in it.
 */
public final class JsonSyntaxException extends JsonReadException {
    private static final long serialVersionUID = 1L;

    private final boolean truncated;

    public JsonSyntaxException(String what, int line, int column, boolean truncated) {
        super(what, line, column);
        this.truncated = truncated;
    }

    /** True when the input ended early. */
    public boolean truncated() {
        return truncated;
    }
}
