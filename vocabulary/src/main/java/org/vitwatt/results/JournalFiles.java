package org.vitwatt.results;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a run's journal is: {@code X.journal.jsonl} beside the JMH result file {@code X.json} (any extension of
 * letters is replaced), {@value #DEFAULT_WITH_FORMAT} when a result format is asked for without a file (JMH then
 * writes {@code jmh-result.json}), else {@value #DEFAULT}.
 */
public final class JournalFiles {
    /** The suffix of every journal. */
    public static final String SUFFIX = ".journal.jsonl";
    /** The journal of a run that names a result format but no file. */
    public static final String DEFAULT_WITH_FORMAT = "jmh-result" + SUFFIX;
    /** The journal of a run that writes no result file. */
    public static final String DEFAULT = "vitwatt-journal.jsonl";

    private JournalFiles() {
    }

    /** The journal beside result file {@code result}. */
    public static Path besideResult(Path result) {
        String name = result.getFileName().toString();
        return result.resolveSibling(name.replaceFirst("\\.[A-Za-z]+$", "") + SUFFIX);
    }

    /** The journal of a run with JMH's {@code -rff} ({@code resultFile}) and whether {@code -rf} was given. */
    public static Path forRun(Optional<String> resultFile, boolean resultFormatGiven) {
        if (resultFile.isPresent()) {
            return besideResult(Path.of(resultFile.get()));
        }
        return Path.of(resultFormatGiven ? DEFAULT_WITH_FORMAT : DEFAULT);
    }
}
