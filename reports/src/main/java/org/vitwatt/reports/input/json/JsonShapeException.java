package org.vitwatt.reports.input.json;

import java.io.IOException;

/**
 * Valid JSON that does not have the shape the caller reads (an array where an object belongs, a string where a
 * number does), with the 1-based line and column of the value.
 */
public final class JsonShapeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final int line;
    private final int column;

    public JsonShapeException(String what, int line, int column) {
        super(what + " at line " + line + " column " + column);
        this.what = what;
        this.line = line;
        this.column = column;
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
}
