package org.vitwatt.reports.input;

import org.vitwatt.feedback.VitwattException;

/**
 * Input the reports cannot use. The message is one line that names the file (and the position where there is
 * one), ready to print; the CLI exits with code 2.
 */
public final class InputException extends VitwattException {
    private static final long serialVersionUID = 1L;

    /** What is wrong, so that a caller can fall back (e.g. to the journal when the JSON is truncated). */
    public enum Kind {
        /** The file does not exist or cannot be read. */
        UNREADABLE,
        /** The file is not (valid, complete) JSON. */
        NOT_JSON,
        /** JSON, but not JMH's result format. */
        NOT_JMH,
        /** JSON, but not the plans.json of {@code benchmarks.jar search}. */
        NOT_PLANS,
        /** A JMH result file with an empty result list. */
        EMPTY,
        /** Nothing vitwatt can report on, over all inputs. */
        NO_RESULTS,
        /** A command-line value that does not fit the inputs (e.g. a --device for a file not given). */
        BAD_OPTION,
        /** The output cannot be written. */
        UNWRITABLE
    }

    private final Kind kind;

    public InputException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public InputException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
