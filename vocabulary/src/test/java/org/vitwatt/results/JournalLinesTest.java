package org.vitwatt.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal line reader: numbering, blank lines, and a half-written last line. */
class JournalLinesTest {
    @TempDir
    Path dir;

    @Test
    void badLinesAreSkippedWithTheirNumberAndReadingGoesOn() throws Exception {
        Path f = dir.resolve("run.journal.jsonl");
        Files.writeString(f, "{\"type\":\"run\"}\n\n{\"type\":\"iteration\"}\n{\"type\":\"benchm", StandardCharsets.UTF_8);
        JournalLines<String> lines = JournalLines.read(f, (text, n) -> {
            if (!text.endsWith("}")) {
                throw new IllegalStateException("unterminated object\nat column 20");
            }
            return text;
        });
        assertEquals(List.of(1, 3), lines.records().stream().map(JournalLines.Numbered::line).toList());
        assertEquals(List.of(f + ":4: skipped a journal line that does not parse (half-written by a crash?): "
                + "unterminated object"), lines.warnings());
        assertEquals(3, lines.lines());
        assertFalse(lines.nothingParsed());
    }

    @Test
    void aFileOfNoRecordsSaysSo() throws Exception {
        Path f = dir.resolve("notes.txt");
        Files.writeString(f, "hello\nworld\n", StandardCharsets.UTF_8);
        JournalLines<String> lines = JournalLines.read(f, (text, n) -> {
            throw new IllegalArgumentException();
        });
        assertTrue(lines.nothingParsed());
        assertEquals(f + ":1: skipped a journal line that does not parse (half-written by a crash?): "
                + "IllegalArgumentException", lines.warnings().get(0));
    }
}
