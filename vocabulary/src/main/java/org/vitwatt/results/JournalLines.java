package org.vitwatt.results;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reader of journal lines. Every non-blank line is handed to a parser; a line the parser rejects — the last
 * line of a crashed run may be half-written — is skipped with a warning naming the file and line number, and
 * reading goes on. What a record means is the parser's business; how lines are found, numbered and skipped is here.
 *
 * @param <T>      what the parser makes of a line
 * @param records  the lines that parsed, in file order
 * @param warnings one message per skipped line
 * @param lines    the non-blank lines read
 */
public record JournalLines<T>(List<Numbered<T>> records, List<String> warnings, int lines) {
    /**
     * A parsed line with its 1-based line number.
     *
     * @param line   the line number in the file
     * @param record what the parser made of it
     */
    public record Numbered<T>(int line, T record) {
    }

    /** Makes a record of one line; throws (any exception) when the line is not a record it can read. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String line, int lineNumber) throws Exception;
    }

    public JournalLines {
        records = List.copyOf(records);
        warnings = List.copyOf(warnings);
    }

    /** A journal that is not UTF-8 text, with the line where decoding failed. */
    public static final class NotText extends CharacterCodingException {
        private static final long serialVersionUID = 1L;
        private final int line;

        NotText(int line) {
            this.line = line;
        }

        /** The 1-based line that does not decode. */
        public int line() {
            return line;
        }

        @Override
        public String getMessage() {
            return "line " + line + " is not UTF-8 text";
        }
    }

    /** True when every non-blank line was skipped (the file is not a journal at all). */
    public boolean nothingParsed() {
        return lines > 0 && records.isEmpty();
    }

    /**
     * Reads {@code file} (UTF-8) line by line through {@code parser}.
     *
     * @throws NotText     when the file is not UTF-8 text
     * @throws IOException  when it cannot be read
     */
    public static <T> JournalLines<T> read(Path file, Parser<T> parser) throws IOException {
        List<Numbered<T>> records = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int n = 0;
        int lines = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = nextLine(in, n + 1)) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                try {
                    records.add(new Numbered<>(n, parser.parse(line, n)));
                } catch (Exception e) {
                    warnings.add(file + ":" + n + ": skipped a journal line that does not parse (half-written by a "
                            + "crash?): " + firstLine(e));
                }
            }
        }
        return new JournalLines<>(records, warnings, lines);
    }

    private static String nextLine(BufferedReader in, int number) throws IOException {
        try {
            return in.readLine();
        } catch (CharacterCodingException e) {
            throw new NotText(number);
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
