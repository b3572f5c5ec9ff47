package org.vitwatt.reports.input.json;

import java.io.IOException;

/** What the reader found wrong with its input, with the 1-based line and column where it found it. */
public abstract class JsonReadException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final int line;
    private final int column;

    JsonReadException(String what, int line, int column) {
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
