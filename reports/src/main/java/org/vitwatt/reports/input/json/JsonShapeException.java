package org.vitwatt.reports.input.json;

/**
 * Valid JSON that does not have the shape the caller reads: an array where an object belongs, a string where a number
 * does.
 */
public final class JsonShapeException extends JsonReadException {
    private static final long serialVersionUID = 1L;

    public JsonShapeException(String what, int line, int column) {
        super(what, line, column);
    }
}
