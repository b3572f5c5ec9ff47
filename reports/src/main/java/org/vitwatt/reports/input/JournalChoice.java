package org.vitwatt.reports.input;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vitwatt.results.JournalFiles;

/**
 * Which journal goes with a JMH JSON input: the one {@code --journal FILE=JOURNAL} names, else
 * {@code X.journal.jsonl} beside {@code X.json} when it exists, else none.
 */
public final class JournalChoice {
    private JournalChoice() {
    }

    /** Parses {@code --journal FILE=JOURNAL} values against the inputs: journals by normalised input path. */
    public static Map<Path, Path> parse(List<String> specs, List<Path> inputs) throws InputException {
        Map<Path, Path> by = new HashMap<>();
        for (String spec : specs) {
            boolean ok = false;
            for (int i = spec.indexOf('='); i >= 0; i = spec.indexOf('=', i + 1)) {
                Path match = InputMatch.find(spec.substring(0, i), inputs);
                if (match != null) {
                    by.put(match, Path.of(spec.substring(i + 1)));
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--journal " + spec
                        + ": expected FILE=JOURNAL with FILE one of the input files");
            }
        }
        return by;
    }

    /** The journal of JSON input {@code json}, null when it has none. */
    static Path of(Path json, Map<Path, Path> given) {
        Path j = given.get(InputMatch.norm(json));
        if (j == null && Files.isRegularFile(JournalFiles.besideResult(json))) {
            j = JournalFiles.besideResult(json);
        }
        return j;
    }
}
