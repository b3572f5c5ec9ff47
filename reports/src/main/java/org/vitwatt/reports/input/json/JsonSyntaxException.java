package org.vitwatt.reports.input.json;

import java.io.IOException;

/**
 * Text that is not valid JSON, with the 1-based line and column where the reader found out. {@link #truncated()} says
 * that the input ended where more was needed — a file cut short by a crash or a full disk, not a mistake in it.
 */
public final class JsonSyntaxException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final int line;
    private final int column;
    private final boolean truncated;

    public JsonSyntaxException(String what, int line, int column, boolean truncated) {
        super(what + " at line " + line + " column " + column);
        this.what = what;
        this.line = line;
        this.column = column;
        this.truncated = truncated;
    }

    /** What is wrong, without the position. */
    public String what() {
        return what;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** True when the input ended early. */
    public boolean truncated() {
        return truncated;
    }
}
