package org.vitwatt.reports.history;

import org.vitwatt.feedback.VitwattException;

/**
 * The history database failed: it cannot be reached, its schema is newer than this program, or a statement
 * failed. The message is one line, already scrubbed of every password ({@link DbUrl#scrub}); the cause is never
 * kept, so that no stack trace can show a driver's message with the URL in it.
 */
public final class HistoryException extends VitwattException {
    private static final long serialVersionUID = 1L;

    /** What failed, so that the command line can choose its exit code. */
    public enum Kind {
        /** The database cannot be opened: wrong URL, no driver, refused, bad credentials (bad input: exit 2). */
        CONNECT,
        /** The database's schema is newer than this program knows (exit 2: upgrade vitwatt-reports). */
        SCHEMA_NEWER,
        /** A statement failed (exit 1). */
        SQL
    }

    private final Kind kind;

    public HistoryException(Kind kind, String scrubbedMessage) {
        super(scrubbedMessage, null, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
