package org.vitwatt.reports.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vitwatt.reports.input.json.JsonPullReader.Token;
import org.vitwatt.reports.input.json.JsonPullReader;
import org.vitwatt.reports.input.json.JsonShapeException;
import org.vitwatt.reports.input.json.JsonSyntaxException;

/**
 * A JMH JSON result file ({@code -rf json}): an array of result objects, read as a stream — a file of any size is
 * never held whole, as text or as a tree; each result is reduced to what {@link JmhResultReader} keeps as it goes by.
 * What is wrong with a file is one {@link InputException} naming it, with {@code :line:column} where there is one.
 */
public final class JmhJson {
    private JmhJson() {
    }

    /**
     * Every result of a JMH JSON file (possibly none), each with {@link RunInfo#NONE} and an unknown device.
     *
     * @throws InputException UNREADABLE, NOT_JSON (with line and column) or NOT_JMH
     */
    public static List<BenchmarkResult> read(Path file) throws InputException {
        return read(file, false);
    }

    /**
     * As {@link #read(Path)}; with {@code split}, a large file is read on several threads ({@link SplitRead}) — for a
     * file read alone, not when several are read at once.
     */
    public static List<BenchmarkResult> read(Path file, boolean split) throws InputException {
        if (split) {
            try {
                List<BenchmarkResult> parts = SplitRead.read(file, Files.size(file));
                if (parts != null) {
                    return parts;
                }
            } catch (IOException e) {
                // not readable as a whole either: the one-pass read below says why
            }
        }
        try (InputStream in = Files.newInputStream(file); JsonPullReader r = new JsonPullReader(in)) {
            return read(file, r);
        } catch (NoSuchFileException e) {
            throw new InputException(InputException.Kind.UNREADABLE, file + ": no such file");
        } catch (IOException e) {
            throw translate(file, e);
        }
    }

    private static List<BenchmarkResult> read(Path file, JsonPullReader r) throws IOException, InputException {
        Token top = r.peek();
        if (top != Token.BEGIN_ARRAY) {
            throw notJmh(file, r, "JMH writes an array of benchmark results, this file's top level is "
                    + (top == Token.END_DOCUMENT ? "empty" : JsonPullReader.describe(top)));
        }
        List<BenchmarkResult> out = new ArrayList<>();
        r.beginArray();
        for (int index = 0; r.hasNext(); index++) {
            out.add(JmhResultReader.read(r, file, index, r.line()));
        }
        r.endArray();
        if (r.peek() != Token.END_DOCUMENT) {
            throw notJmh(file, r, "more content after the result array");
        }
        return out;
    }

    /** A failure of the reader as the one line a user sees. */
    static InputException translate(Path file, IOException e) {
        if (e instanceof JsonSyntaxException s) {
            return new InputException(InputException.Kind.NOT_JSON, file + ":" + s.line() + ":" + s.column()
                    + ": not valid JSON: " + (s.truncated() ? "ends early (truncated?)" : s.what()), e);
        }
        if (e instanceof JsonShapeException s) {
            return new InputException(InputException.Kind.NOT_JMH, file + ":" + s.line() + ":" + s.column()
                    + ": not JMH result JSON: unexpected value (" + s.what() + ")", e);
        }
        if (e instanceof CharacterCodingException) {
            return new InputException(InputException.Kind.NOT_JSON, file + ": not JSON: not UTF-8 text", e);
        }
        return new InputException(InputException.Kind.UNREADABLE, file + ": cannot read: " + e.getMessage(), e);
    }

    static InputException notJmh(Path file, JsonPullReader r, String what) {
        return new InputException(InputException.Kind.NOT_JMH,
                file + ":" + r.line() + ":" + r.column() + ": not JMH result JSON: " + what);
    }
}
