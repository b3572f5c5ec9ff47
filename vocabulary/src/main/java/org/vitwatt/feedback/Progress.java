package org.vitwatt.feedback;

import java.io.PrintStream;

/**
 * Where library code says what a long step is doing (building a model, calibrating, preprocessing a dataset) and
 * warns of what a user should know. Library code never prints: it is handed a {@code Progress}. Lines carry no
 * prefix; the edge that owns the terminal adds one ({@link #prefixed}).
 */
@FunctionalInterface
public interface Progress {
    /** Discards every line (tests, quiet callers). */
    Progress SILENT = line -> { };

    /** One line of progress or warning, without a trailing newline. */
    void say(String line);

    /** A sink that writes {@code prefix + line} to {@code out} (e.g. {@code "vitwatt: "} on stderr). */
    static Progress prefixed(String prefix, PrintStream out) {
        return line -> out.println(prefix + line);
    }
}
