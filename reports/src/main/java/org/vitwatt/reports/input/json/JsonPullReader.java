package org.vitwatt.reports.input.json;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict pull reader of JSON (RFC 8259) over UTF-8 bytes, made for large result files: it reads through one buffer,
 * never decodes text it does not return, and skips a value without materialising it. Methods follow Gson's {@code
 * JsonReader} ({@link #peek}, {@link #beginObject}, {@link #nextName}, {@link #skipValue}, ...); every syntax error is
 * a {@link JsonSyntaxException} with the in.line and column where it was found, a value of another kind than the one
 * asked for a {@link JsonShapeException}, and text that is not UTF-8 a {@link CharacterCodingException}. Names and
 * short strings are shared: the same text read twice is one {@code String}.
 * <p>Not thread-safe; one reader per input. The stream is closed by {@link #close()}.
 */
public final class JsonPullReader implements Closeable {
    /** What comes next. */
    public enum Token {
        BEGIN_OBJECT, END_OBJECT, BEGIN_ARRAY, END_ARRAY, NAME, STRING, NUMBER, BOOLEAN, NULL, END_DOCUMENT
    }

    private static final int BUFFER = 1 << 18;

    // states of a container on the stack
    private static final byte EMPTY_DOCUMENT = 0;
    private static final byte NONEMPTY_DOCUMENT = 1;
    private static final byte EMPTY_ARRAY = 2;
    private static final byte NONEMPTY_ARRAY = 3;
    private static final byte EMPTY_OBJECT = 4;
    private static final byte DANGLING_NAME = 5;
    private static final byte NONEMPTY_OBJECT = 6;

    private final JsonInput in;
    private final JsonStrings strings;
    private final JsonNumbers numbers;

    private byte[] stack = new byte[32];
    private int depth;
    /** The next token once {@link #peek} has found it; its first byte (after a quote) is at {@code pos}. */
    private Token peeked;
    /** Line, column and in.offset in the input where the peeked token starts. */
    private int tokenLine;
    private int tokenColumn;
    private long tokenOffset;


    /** Reads {@code in} (UTF-8). */
    public JsonPullReader(InputStream in) {
        this(in, BUFFER);
    }

    /** A reader with a buffer of {@code bufferBytes} to start with (tests: every token across a refill). */
    JsonPullReader(InputStream in, int bufferBytes) {
        this.in = new JsonInput(in, bufferBytes);
        this.strings = new JsonStrings(this.in);
        this.numbers = new JsonNumbers(this.in);
        stack[depth++] = EMPTY_DOCUMENT;
    }

    /**
     * A reader positioned inside an array, before its first element: for reading part of a large array from an
     * element's first byte on (the elements that follow must be separated by commas, the array closed by ']').
     */
    public static JsonPullReader inArray(InputStream in) {
        JsonPullReader r = new JsonPullReader(in);
        r.stack[0] = NONEMPTY_DOCUMENT;
        r.stack[r.depth++] = EMPTY_ARRAY;
        return r;
    }

    /** The in.offset in the input (bytes from its start) of the peeked token; of the reader's position when none. */
    public long offset() {
        return peeked != null ? tokenOffset : in.offset + in.pos;
    }

    /** Reads one JSON text held in a string (a journal in.line). */
    public static JsonPullReader of(String text) {
        return new JsonPullReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The 1-based in.line of the next token (of the reader's position when nothing is peeked). */
    public int line() {
        return peeked != null ? tokenLine : in.line;
    }

    /** The 1-based column of the next token (of the reader's position when nothing is peeked). */
    public int column() {
        return peeked != null ? tokenColumn : in.column(in.pos);
    }


    /** The kind of the next token. */
    public Token peek() throws IOException {
        if (peeked == null) {
            peeked = doPeek();
        }
        return peeked;
    }

    /** True when the current object or array has another element. */
    public boolean hasNext() throws IOException {
        Token t = peek();
        return t != Token.END_OBJECT && t != Token.END_ARRAY && t != Token.END_DOCUMENT;
    }

    public void beginObject() throws IOException {
        expect(Token.BEGIN_OBJECT);
        push(EMPTY_OBJECT);
        peeked = null;
    }

    public void endObject() throws IOException {
        expect(Token.END_OBJECT);
        depth--;
        peeked = null;
    }

    public void beginArray() throws IOException {
        expect(Token.BEGIN_ARRAY);
        push(EMPTY_ARRAY);
        peeked = null;
    }

    public void endArray() throws IOException {
        expect(Token.END_ARRAY);
        depth--;
        peeked = null;
    }

    /** The next member's name. */
    public String nextName() throws IOException {
        expect(Token.NAME);
        peeked = null;
        return strings.readString();
    }

    /** A fixed set of member names, matched against the input's bytes without making a string of each. */
    public static final class Names {
        private final byte[][] names;
        private final int longest;

        public Names(String... names) {
            this.names = new byte[names.length][];
            int l = 0;
            for (int i = 0; i < names.length; i++) {
                this.names[i] = names[i].getBytes(StandardCharsets.UTF_8);
                l = Math.max(l, this.names[i].length);
            }
            this.longest = l;
        }
    }

    /**
     * The index in {@code names} of the next member's name, or -1 for any other name (which is then skipped unread):
     * how a reader of a known format dispatches on names without a string or a hash per name.
     */
    public int nextName(Names names) throws IOException {
        expect(Token.NAME);
        peeked = null;
        in.ensure(names.longest + 1); // near the end there may be fewer bytes: each candidate checks what is there
        for (int i = 0; i < names.names.length; i++) {
            byte[] n = names.names[i];
            if (in.pos + n.length < in.limit && in.buf[in.pos + n.length] == '"'
                    && Arrays.equals(in.buf, in.pos, in.pos + n.length, n, 0, n.length)) {
                in.pos += n.length + 1;
                return i;
            }
        }
        strings.skipString();
        return -1;
    }

    /** The next string (a number is returned as its text, as Gson does). */
    public String nextString() throws IOException {
        Token t = peek();
        if (t == Token.NUMBER) {
            peeked = null;
            return numbers.numberText(tokenLine, tokenColumn);
        }
        expect(Token.STRING);
        peeked = null;
        return strings.readString();
    }

    /** True or false. */
    public boolean nextBoolean() throws IOException {
        expect(Token.BOOLEAN);
        peeked = null;
        boolean v = in.buf[in.pos] == 't';
        in.pos += v ? 4 : 5;
        return v;
    }

    public void nextNull() throws IOException {
        expect(Token.NULL);
        peeked = null;
        in.pos += 4;
    }

    /** The next number as a double. */
    public double nextDouble() throws IOException {
        expect(Token.NUMBER);
        peeked = null;
        return numbers.parseNumber(tokenLine, tokenColumn);
    }

    /** The next number as an int; a fraction or a value outside int is a syntax error. */
    public int nextInt() throws IOException {
        expect(Token.NUMBER);
        peeked = null;
        String s = numbers.numberText(tokenLine, tokenColumn);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new JsonShapeException("expected an int but was " + s, tokenLine, tokenColumn);
        }
    }

    /**
     * Skips the next value, whatever it holds, without materialising it. An object or array is gone through in one
     * pass that checks what can make the rest of the input unreadable — brackets that match, strings that end, escapes
     * and UTF-8 that are valid, no character JSON has no use for, the input not ending early — but not the grammar of
     * the numbers, literals and commas inside it: a skipped value never becomes a number.
     */
    public void skipValue() throws IOException {
        Token t = peek();
        peeked = null;
        switch (t) {
            case BEGIN_OBJECT, BEGIN_ARRAY -> in.skipContainer(t == Token.BEGIN_OBJECT ? (byte) '}' : (byte) ']', strings);
            case STRING -> strings.skipString();
            case NUMBER -> numbers.skipNumber(tokenLine, tokenColumn);
            case BOOLEAN -> in.pos += in.buf[in.pos] == 't' ? 4 : 5;
            case NULL -> in.pos += 4;
            case NAME -> throw new IllegalStateException("skipValue at a name: read the name first");
            case END_OBJECT, END_ARRAY -> throw new JsonShapeException("expected a value but was "
                    + describe(t), tokenLine, tokenColumn);
            case END_DOCUMENT -> throw in.error("ends early", tokenLine, tokenColumn, true);
            default -> throw new IllegalStateException(t.name());
        }
    }


    @Override
    public void close() throws IOException {
        in.close();
    }

    @Override
    public String toString() {
        return "JsonPullReader at line " + line() + " column " + column();
    }

    // ------------------------------------------------------------------------------------------ tokens

    private void expect(Token want) throws IOException {
        Token t = peek();
        if (t != want) {
            if (t == Token.END_DOCUMENT) {
                throw in.error("ends early", tokenLine, tokenColumn, true);
            }
            throw new JsonShapeException("expected " + describe(want) + " but was " + describe(t), tokenLine,
                    tokenColumn);
        }
    }

    /** A token's words in a message. */
    public static String describe(Token t) {
        return switch (t) {
            case BEGIN_OBJECT -> "an object";
            case END_OBJECT -> "the end of an object";
            case BEGIN_ARRAY -> "an array";
            case END_ARRAY -> "the end of an array";
            case NAME -> "a name";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case END_DOCUMENT -> "the end of the input";
        };
    }

    private void push(byte state) {
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = state;
    }

    private Token doPeek() throws IOException {
        byte s = stack[depth - 1];
        int c;
        switch (s) {
            case EMPTY_ARRAY -> stack[depth - 1] = NONEMPTY_ARRAY;
            case NONEMPTY_ARRAY -> {
                c = in.nextNonWhitespace(true);
                if (c == ']') {
                    return mark(Token.END_ARRAY, -1);
                }
                if (c != ',') {
                    throw in.error("expected ',' or ']' in an array", in.line, in.column(in.pos - 1), false);
                }
            }
            case EMPTY_OBJECT, NONEMPTY_OBJECT -> {
                stack[depth - 1] = DANGLING_NAME;
                if (s == NONEMPTY_OBJECT) {
                    c = in.nextNonWhitespace(true);
                    if (c == '}') {
                        return mark(Token.END_OBJECT, -1);
                    }
                    if (c != ',') {
                        throw in.error("expected ',' or '}' in an object", in.line, in.column(in.pos - 1), false);
                    }
                }
                c = in.nextNonWhitespace(true);
                if (c == '"') {
                    return mark(Token.NAME, -1);
                }
                if (c == '}' && s == EMPTY_OBJECT) {
                    return mark(Token.END_OBJECT, -1);
                }
                throw in.error("expected a name in quotes", in.line, in.column(in.pos - 1), false);
            }
            case DANGLING_NAME -> {
                stack[depth - 1] = NONEMPTY_OBJECT;
                c = in.nextNonWhitespace(true);
                if (c != ':') {
                    throw in.error("expected ':' after a name", in.line, in.column(in.pos - 1), false);
                }
            }
            case EMPTY_DOCUMENT -> stack[depth - 1] = NONEMPTY_DOCUMENT;
            case NONEMPTY_DOCUMENT -> {
                c = in.nextNonWhitespace(false);
                if (c == -1) {
                    tokenLine = in.line;
                    tokenColumn = in.column(in.pos);
                    tokenOffset = in.offset + in.pos;
                    return Token.END_DOCUMENT;
                }
                throw in.error("more content after the top-level value", in.line, in.column(in.pos - 1), false);
            }
            default -> throw new IllegalStateException("state " + s);
        }
        c = in.nextNonWhitespace(s != EMPTY_DOCUMENT);
        if (c == -1) {
            tokenLine = in.line;
            tokenColumn = in.column(in.pos);
            tokenOffset = in.offset + in.pos;
            return Token.END_DOCUMENT;
        }
        switch (c) {
            case ']' -> {
                if (s == EMPTY_ARRAY) {
                    return mark(Token.END_ARRAY, -1);
                }
                throw in.error("expected a value (a comma before ']'?)", in.line, in.column(in.pos - 1), false);
            }
            case '"' -> {
                return mark(Token.STRING, -1);
            }
            case '{' -> {
                return mark(Token.BEGIN_OBJECT, -1);
            }
            case '[' -> {
                return mark(Token.BEGIN_ARRAY, -1);
            }
            case 't' -> {
                in.literal("true");
                return mark(Token.BOOLEAN, 0);
            }
            case 'f' -> {
                in.literal("false");
                return mark(Token.BOOLEAN, 0);
            }
            case 'n' -> {
                in.literal("null");
                return mark(Token.NULL, 0);
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    in.pos--;
                    return mark(Token.NUMBER, 0);
                }
                throw in.error("unexpected character " + JsonInput.printable(c), in.line, in.column(in.pos - 1), false);
            }
        }
    }

    /** Records where the token starts: at the byte just read ({@code back} = -1) or at {@code pos}. */
    private Token mark(Token t, int back) {
        tokenLine = in.line;
        tokenColumn = in.column(in.pos + back);
        tokenOffset = in.offset + in.pos + back;
        return t;
    }




    // ------------------------------------------------------------------------------------------ strings








    // ------------------------------------------------------------------------------------------ numbers






    // ------------------------------------------------------------------------------------------ buffer




    // ------------------------------------------------------------------------------------------ errors




}
