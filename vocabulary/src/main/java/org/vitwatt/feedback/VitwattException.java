package org.vitwatt.feedback;

/**
 * A problem the user can fix: a bad flag value, a missing or malformed file, a model that does not fit
 * the data, a database that cannot be reached. Its message is the single line vitwatt shows — it names the file,
 * value or flag at fault and says what to do — so callers print {@link #getMessage()} rather than a stack trace.
 * Subtypes carry what a command line needs to choose its exit code.
 */
public class VitwattException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VitwattException(String message) {
        super(message);
    }

    public VitwattException(String message, Throwable cause) {
        super(message, cause);
    }

    /** For messages that must never carry a cause or a stack trace (a scrubbed database URL, say). */
    protected VitwattException(String message, Throwable cause, boolean writableStackTrace) {
        super(message, cause, false, writableStackTrace);
    }
}
