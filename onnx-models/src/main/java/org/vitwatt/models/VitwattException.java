package org.vitwatt.models;

/**
 * A problem the user can fix: a bad flag value, a missing or malformed file, a model that does not fit
 * the data. Its message is the single line vitwatt shows — it names the file, value or flag at fault and
 * says what to do — so callers print {@link #getMessage()} rather than a stack trace.
 */
public class VitwattException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VitwattException(String message) {
        super(message);
    }

    public VitwattException(String message, Throwable cause) {
        super(message, cause);
    }
}
