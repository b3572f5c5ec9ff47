package org.vitwatt.reports.input;

import java.util.Locale;

/**
 * Something the reader noticed that did not stop it: a skipped journal line, another project's results, a
 * fallback to the journal. The CLI prints these; library code only returns (and logs) them.
 *
 * @param level   NOTE (informational) or WARNING (data was lost or replaced)
 * @param message one line naming the file and, where there is one, the line
 */
public record Diagnostic(Level level, String message) {
    public enum Level {
        NOTE,
        WARNING
    }

    public static Diagnostic note(String m) {
        return new Diagnostic(Level.NOTE, m);
    }

    public static Diagnostic warning(String m) {
        return new Diagnostic(Level.WARNING, m);
    }

    @Override
    public String toString() {
        return level.name().toLowerCase(Locale.ROOT) + ": " + message;
    }
}
