package org.vitwatt.reports.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reports' one configuration of Jackson's streaming parser ({@link JsonParser}) and what its failures mean to a
 * user: the readers of result files and journals pull tokens from it and skip what they do not keep
 * ({@link JsonParser#skipChildren()}), so no file is ever held whole as text or as a tree. Doubles are parsed by
 * Jackson's FastDoubleParser ({@link StreamReadFeature#USE_FAST_DOUBLE_PARSER}), exactly as {@code Double.parseDouble}
 * would. A {@link JsonFactory} is immutable once built and safe to share between threads, so one serves every read.
 */
final class JsonParsers {
    /** The factory of every parser the reports use. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private JsonParsers() {
    }

    /**
     * The bytes of {@code file}, known to start as UTF-8 does: Jackson would read a file that starts with a UTF-16 or
     * UTF-32 byte order mark (or with a zero byte) as such text, but JMH writes UTF-8 and so does every tool that
     * makes vitwatt's inputs.
     *
     * @throws InputException NOT_JSON when the first bytes are not UTF-8 text
     */
    static InputStream utf8(Path file) throws IOException {
        PushbackInputStream in = new PushbackInputStream(Files.newInputStream(file), 4);
        try {
            byte[] head = in.readNBytes(4);
            in.unread(head);
            boolean bom16 = head.length >= 2 && ((head[0] == (byte) 0xfe && head[1] == (byte) 0xff)
                    || (head[0] == (byte) 0xff && head[1] == (byte) 0xfe));
            for (byte b : head) {
                bom16 |= b == 0;
            }
            if (bom16) {
                throw notUtf8(file, null);
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The current token, checked to be {@code want}; otherwise the "unexpected value" line naming where it is. */
    static void expect(JsonParser p, JsonToken want, Path file) throws InputException {
        if (p.currentToken() != want) {
            throw shape(p, file, "expected " + describe(want) + " but was " + describe(p.currentToken()));
        }
    }

    /** The current token as text: a string, a number's digits, or "" for null; anything else is a shape error. */
    static String text(JsonParser p, Path file) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return "";
        }
        if (t == JsonToken.VALUE_STRING || (t != null && t.isNumeric())) {
            return p.getText();
        }
        throw shape(p, file, "expected a string but was " + describe(t));
    }

    /** A value of another kind than a reader expects, as the one line a user sees. */
    static InputException shape(JsonParser p, Path file, String what) {
        return new InputException(InputException.Kind.NOT_JMH, file + ":" + at(p.currentTokenLocation())
                + ": not JMH result JSON: unexpected value (" + what + ")");
    }

    /** Anything else that is not JMH's format at the current token, as the one line a user sees. */
    static InputException notJmh(JsonParser p, Path file, String what) {
        return new InputException(InputException.Kind.NOT_JMH, file + ":" + at(p.currentTokenLocation())
                + ": not JMH result JSON: " + what);
    }

    /** Where the current token is, as {@code line:column}. */
    static String position(JsonParser p) {
        return at(p.currentTokenLocation());
    }

    /** A failure of the parser or of reading the file, as the one line a user sees. */
    static InputException translate(Path file, IOException e) {
        if (e instanceof JsonProcessingException j) {
            String what = j.getOriginalMessage();
            // Jackson throws a JsonEOFException at most ends of input, a plain parse error with the same words at some
            if (e instanceof JsonEOFException || (what != null && what.startsWith("Unexpected end-of-input"))) {
                return new InputException(InputException.Kind.NOT_JSON, file + ":" + at(j.getLocation())
                        + ": not valid JSON: ends early (truncated?)", e);
            }
            if (what != null && what.startsWith("Invalid UTF-8")) {
                return notUtf8(file, e);
            }
            return new InputException(InputException.Kind.NOT_JSON, file + ":" + at(j.getLocation())
                    + ": not valid JSON: " + oneLine(what), e);
        }
        return new InputException(InputException.Kind.UNREADABLE, file + ": cannot read: " + e.getMessage(), e);
    }

    /** What a token is, in words. */
    static String describe(JsonToken t) {
        if (t == null) {
            return "the end of the input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case END_OBJECT -> "the end of an object";
            case START_ARRAY -> "an array";
            case END_ARRAY -> "the end of an array";
            case FIELD_NAME -> "a name";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    private static InputException notUtf8(Path file, Throwable cause) {
        return new InputException(InputException.Kind.NOT_JSON, file + ": not JSON: not UTF-8 text", cause);
    }

    private static String at(JsonLocation where) {
        return where == null ? "1:1" : Math.max(1, where.getLineNr()) + ":" + Math.max(1, where.getColumnNr());
    }

    /** Jackson's message on one line, starting in lower case as the rest of the line does. */
    private static String oneLine(String what) {
        if (what == null || what.isBlank()) {
            return "malformed";
        }
        String s = what.replaceAll("\\s+", " ").strip();
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
