package org.vitwatt.reports.history.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a {@code --baseline} or {@code --candidate} value names, first that applies: a result file ({@code *.json},
 * {@code *.jsonl}, or any existing file); {@code latest}; {@code previous}; {@code tag:NAME}; otherwise a run id.
 */
public enum Selector {
    FILE, LATEST, PREVIOUS, TAG, RUN;

    /** The kind of one selector value. */
    public static Selector of(String v) {
        String s = v.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("latest")) {
            return LATEST;
        }
        if (lower.equals("previous")) {
            return PREVIOUS;
        }
        if (s.startsWith("tag:")) {
            return TAG;
        }
        if (lower.endsWith(".json") || lower.endsWith(".jsonl") || Files.isRegularFile(Path.of(s))) {
            return FILE;
        }
        return RUN;
    }

    /** True when a selector value needs the database (anything but a file). */
    public static boolean needsDatabase(String v) {
        return of(v) != FILE;
    }
}
