package org.vitwatt.reports.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JMH JSON result file ({@code -rf json}): an array of result objects, read as a stream of Jackson tokens — a file
 * of any size is never held whole, as text or as a tree; each result is reduced to what {@link JmhResultReader} keeps
 * as it goes by. What is wrong with a file is one {@link InputException} naming it, with {@code :line:column} where
 * there is one.
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
        try (InputStream in = JsonParsers.utf8(file); JsonParser p = JsonParsers.FACTORY.createParser(in)) {
            return read(file, p);
        } catch (NoSuchFileException e) {
            throw new InputException(InputException.Kind.UNREADABLE, file + ": no such file");
        } catch (IOException e) {
            throw JsonParsers.translate(file, e);
        }
    }

    private static List<BenchmarkResult> read(Path file, JsonParser p) throws IOException {
        JsonToken top = p.nextToken();
        if (top != JsonToken.START_ARRAY) {
            throw JsonParsers.notJmh(p, file, "JMH writes an array of benchmark results, this file's top level is "
                    + (top == null ? "empty" : JsonParsers.describe(top)));
        }
        List<BenchmarkResult> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                throw JsonParsers.notJmh(p, file, "result " + out.size() + " is " + JsonParsers.describe(t)
                        + ", not a benchmark result object");
            }
            out.add(JmhResultReader.read(p, file, out.size(), p.currentTokenLocation().getLineNr()));
        }
        if (p.nextToken() != null) {
            throw JsonParsers.notJmh(p, file, "more content after the result array");
        }
        return out;
    }
}
