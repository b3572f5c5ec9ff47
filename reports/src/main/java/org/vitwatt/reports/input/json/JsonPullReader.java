package org.vitwatt.reports.input.json;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A strict pull reader of JSON (RFC 8259) over UTF-8 bytes, made for large result files: it reads through one
 * buffer, never decodes text it does not return, and skips a value without materialising it. Methods follow Gson's
 * {@code JsonReader} ({@link #peek}, {@link #beginObject}, {@link #nextName}, {@link #skipValue}, ...); every syntax
 * error is a {@link JsonSyntaxException} with the line and column where it was found, a value of another kind than
 * the one asked for a {@link JsonShapeException}, and text that is not UTF-8 a {@link CharacterCodingException}. Names and short strings are shared: the same text read twice is one
 * {@code String}.
 *
 * <p>Not thread-safe; one reader per input. The stream is closed by {@link #close()}.
 */
public final class JsonPullReader implements Closeable {
    /** What comes next. */
    public enum Token {
        BEGIN_OBJECT, END_OBJECT, BEGIN_ARRAY, END_ARRAY, NAME, STRING, NUMBER, BOOLEAN, NULL, END_DOCUMENT
    }

    private static final int BUFFER = 1 << 18;
    /** Strings up to this many bytes are shared through {@link #shared}. */
    private static final int SHARED_MAX = 64;

    // states of a container on the stack
    private static final byte EMPTY_DOCUMENT = 0;
    private static final byte NONEMPTY_DOCUMENT = 1;
    private static final byte EMPTY_ARRAY = 2;
    private static final byte NONEMPTY_ARRAY = 3;
    private static final byte EMPTY_OBJECT = 4;
    private static final byte DANGLING_NAME = 5;
    private static final byte NONEMPTY_OBJECT = 6;

    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    /** Bytes of the input before {@code buf[0]}. */
    private long offset;
    private int line = 1;
    /** Offset in the input of the first byte of the current line. */
    private long lineStart;
    private boolean eof;

    private byte[] stack = new byte[32];
    private int depth;
    /** The next token once {@link #peek} has found it; its first byte (after a quote) is at {@code pos}. */
    private Token peeked;
    /** Line, column and offset in the input where the peeked token starts. */
    private int tokenLine;
    private int tokenColumn;
    private long tokenOffset;

    private final Map<Key, String> shared = new HashMap<>();
    private final Key probe = new Key();
    private StringBuilder escaped;

    /** Reads {@code in} (UTF-8). */
    public JsonPullReader(InputStream in) {
        this(in, BUFFER);
    }

    /** A reader with a buffer of {@code bufferBytes} to start with (tests: every token across a refill). */
    JsonPullReader(InputStream in, int bufferBytes) {
        this.in = in;
        this.buf = new byte[Math.max(1, bufferBytes)];
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

    /** The offset in the input (bytes from its start) of the peeked token; of the reader's position when none. */
    public long offset() {
        return peeked != null ? tokenOffset : offset + pos;
    }

    /** Reads one JSON text held in a string (a journal line). */
    public static JsonPullReader of(String text) {
        return new JsonPullReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The 1-based line of the next token (of the reader's position when nothing is peeked). */
    public int line() {
        return peeked != null ? tokenLine : line;
    }

    /** The 1-based column of the next token (of the reader's position when nothing is peeked). */
    public int column() {
        return peeked != null ? tokenColumn : column(pos);
    }

    private int column(int at) {
        return (int) (offset + at - lineStart) + 1;
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
        return readString();
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
        ensure(names.longest + 1); // near the end there may be fewer bytes: each candidate checks what is there
        for (int i = 0; i < names.names.length; i++) {
            byte[] n = names.names[i];
            if (pos + n.length < limit && buf[pos + n.length] == '"'
                    && Arrays.equals(buf, pos, pos + n.length, n, 0, n.length)) {
                pos += n.length + 1;
                return i;
            }
        }
        skipString();
        return -1;
    }

    /** The next string (a number is returned as its text, as Gson does). */
    public String nextString() throws IOException {
        Token t = peek();
        if (t == Token.NUMBER) {
            peeked = null;
            return numberText();
        }
        expect(Token.STRING);
        peeked = null;
        return readString();
    }

    /** True or false. */
    public boolean nextBoolean() throws IOException {
        expect(Token.BOOLEAN);
        peeked = null;
        boolean v = buf[pos] == 't';
        pos += v ? 4 : 5;
        return v;
    }

    public void nextNull() throws IOException {
        expect(Token.NULL);
        peeked = null;
        pos += 4;
    }

    /** The next number as a double. */
    public double nextDouble() throws IOException {
        expect(Token.NUMBER);
        peeked = null;
        return parseNumber();
    }

    /** The next number as an int; a fraction or a value outside int is a syntax error. */
    public int nextInt() throws IOException {
        expect(Token.NUMBER);
        peeked = null;
        String s = numberText();
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
            case BEGIN_OBJECT, BEGIN_ARRAY -> skipContainer(t == Token.BEGIN_OBJECT ? (byte) '}' : (byte) ']');
            case STRING -> skipString();
            case NUMBER -> skipNumber();
            case BOOLEAN -> pos += buf[pos] == 't' ? 4 : 5;
            case NULL -> pos += 4;
            case NAME -> throw new IllegalStateException("skipValue at a name: read the name first");
            case END_OBJECT, END_ARRAY -> throw new JsonShapeException("expected a value but was "
                    + describe(t), tokenLine, tokenColumn);
            case END_DOCUMENT -> throw error("ends early", tokenLine, tokenColumn, true);
            default -> throw new IllegalStateException(t.name());
        }
    }

    /** Skips the rest of a container whose opening bracket was read; {@code closer} is its closing bracket. */
    private void skipContainer(byte closer) throws IOException {
        byte[] closers = new byte[16];
        int d = 0;
        closers[d++] = closer;
        while (true) {
            byte[] b = buf;
            int p = pos;
            int l = limit;
            while (p < l) {
                byte c = b[p++];
                switch (SKIP[c & 0xff]) {
                    case PASS -> {
                    }
                    case NEWLINE -> {
                        line++;
                        lineStart = offset + p;
                    }
                    case QUOTE -> {
                        pos = p;
                        skipString();
                        b = buf;
                        p = pos;
                        l = limit;
                    }
                    case OPEN -> {
                        if (d == closers.length) {
                            closers = Arrays.copyOf(closers, d * 2);
                        }
                        closers[d++] = c == '{' ? (byte) '}' : (byte) ']';
                    }
                    case CLOSE -> {
                        if (closers[--d] != c) {
                            throw error("expected '" + (char) closers[d] + "' but was '" + (char) c + "'", line,
                                    column(p - 1), false);
                        }
                        if (d == 0) {
                            pos = p;
                            return;
                        }
                    }
                    default -> throw error("unexpected character " + printable(c & 0xff), line, column(p - 1), false);
                }
            }
            pos = p;
            if (!fill()) {
                throw error("ends early", line, column(pos), true);
            }
        }
    }

    // 0: a character JSON has no use for outside strings
    private static final byte PASS = 1;
    private static final byte NEWLINE = 2;
    private static final byte QUOTE = 3;
    private static final byte OPEN = 4;
    private static final byte CLOSE = 5;
    /** What each byte outside strings is to {@link #skipContainer}. */
    private static final byte[] SKIP = new byte[256];

    static {
        for (char c : " \t\r,:0123456789+-.eEtrufalsn".toCharArray()) {
            SKIP[c] = PASS;
        }
        SKIP['\n'] = NEWLINE;
        SKIP['"'] = QUOTE;
        SKIP['{'] = OPEN;
        SKIP['['] = OPEN;
        SKIP['}'] = CLOSE;
        SKIP[']'] = CLOSE;
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
                throw error("ends early", tokenLine, tokenColumn, true);
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
                c = nextNonWhitespace(true);
                if (c == ']') {
                    return mark(Token.END_ARRAY, -1);
                }
                if (c != ',') {
                    throw error("expected ',' or ']' in an array", line, column(pos - 1), false);
                }
            }
            case EMPTY_OBJECT, NONEMPTY_OBJECT -> {
                stack[depth - 1] = DANGLING_NAME;
                if (s == NONEMPTY_OBJECT) {
                    c = nextNonWhitespace(true);
                    if (c == '}') {
                        return mark(Token.END_OBJECT, -1);
                    }
                    if (c != ',') {
                        throw error("expected ',' or '}' in an object", line, column(pos - 1), false);
                    }
                }
                c = nextNonWhitespace(true);
                if (c == '"') {
                    return mark(Token.NAME, -1);
                }
                if (c == '}' && s == EMPTY_OBJECT) {
                    return mark(Token.END_OBJECT, -1);
                }
                throw error("expected a name in quotes", line, column(pos - 1), false);
            }
            case DANGLING_NAME -> {
                stack[depth - 1] = NONEMPTY_OBJECT;
                c = nextNonWhitespace(true);
                if (c != ':') {
                    throw error("expected ':' after a name", line, column(pos - 1), false);
                }
            }
            case EMPTY_DOCUMENT -> stack[depth - 1] = NONEMPTY_DOCUMENT;
            case NONEMPTY_DOCUMENT -> {
                c = nextNonWhitespace(false);
                if (c == -1) {
                    tokenLine = line;
                    tokenColumn = column(pos);
                    tokenOffset = offset + pos;
                    return Token.END_DOCUMENT;
                }
                throw error("more content after the top-level value", line, column(pos - 1), false);
            }
            default -> throw new IllegalStateException("state " + s);
        }
        c = nextNonWhitespace(s != EMPTY_DOCUMENT);
        if (c == -1) {
            tokenLine = line;
            tokenColumn = column(pos);
            tokenOffset = offset + pos;
            return Token.END_DOCUMENT;
        }
        switch (c) {
            case ']' -> {
                if (s == EMPTY_ARRAY) {
                    return mark(Token.END_ARRAY, -1);
                }
                throw error("expected a value (a comma before ']'?)", line, column(pos - 1), false);
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
                literal("true");
                return mark(Token.BOOLEAN, 0);
            }
            case 'f' -> {
                literal("false");
                return mark(Token.BOOLEAN, 0);
            }
            case 'n' -> {
                literal("null");
                return mark(Token.NULL, 0);
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    pos--;
                    return mark(Token.NUMBER, 0);
                }
                throw error("unexpected character " + printable(c), line, column(pos - 1), false);
            }
        }
    }

    /** Records where the token starts: at the byte just read ({@code back} = -1) or at {@code pos}. */
    private Token mark(Token t, int back) {
        tokenLine = line;
        tokenColumn = column(pos + back);
        tokenOffset = offset + pos + back;
        return t;
    }

    /** Checks that the literal starting one byte back is {@code word}; leaves {@code pos} at its first byte. */
    private void literal(String word) throws IOException {
        pos--;
        int n = word.length();
        if (!ensure(n + 1)) {
            if (!ensure(n)) {
                throw error("ends inside the literal " + word, line, column(pos), true);
            }
        }
        for (int i = 0; i < n; i++) {
            if (buf[pos + i] != word.charAt(i)) {
                throw error("unexpected character " + printable(buf[pos] & 0xff), line, column(pos), false);
            }
        }
        if (pos + n < limit && isLiteralByte(buf[pos + n])) {
            throw error("unexpected character " + printable(buf[pos] & 0xff), line, column(pos), false);
        }
    }

    private static boolean isLiteralByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_';
    }

    /** The next byte that is not JSON whitespace, consumed; -1 at the end (an error unless {@code endIsError}). */
    private int nextNonWhitespace(boolean endIsError) throws IOException {
        while (true) {
            byte[] b = buf;
            int p = pos;
            int l = limit;
            while (p < l) {
                byte c = b[p++];
                if (c > ' ') {
                    pos = p;
                    return c & 0xff;
                }
                if (c == '\n') {
                    line++;
                    lineStart = offset + p;
                } else if (c != ' ' && c != '\t' && c != '\r') {
                    pos = p;
                    return c & 0xff;
                }
            }
            pos = p;
            if (!fill()) {
                if (endIsError) {
                    throw error("ends early", line, column(pos), true);
                }
                return -1;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ strings

    /** The string whose first byte is at {@code pos} (after its opening quote), consumed with its closing quote. */
    private String readString() throws IOException {
        int start = pos;
        boolean ascii = true;
        while (true) {
            if (pos == limit) {
                int kept = pos - start;
                if (!fillKeeping(start)) {
                    throw error("ends inside a string", line, column(pos), true);
                }
                start = pos - kept;
            }
            byte b = buf[pos];
            if (b == '"') {
                String s = text(start, pos - start, ascii);
                pos++;
                return s;
            }
            if (b == '\\') {
                return readEscaped(start, ascii);
            }
            if (b >= 0 && b < 0x20) {
                throw error("unescaped control character in a string", line, column(pos), false);
            }
            if (b < 0) {
                ascii = false;
            }
            pos++;
        }
    }

    /** The rest of a string with escapes, from {@code start}; {@code pos} is at the first backslash. */
    private String readEscaped(int start, boolean ascii) throws IOException {
        if (escaped == null) {
            escaped = new StringBuilder();
        }
        StringBuilder sb = escaped;
        sb.setLength(0);
        sb.append(decode(start, pos - start, ascii)); // the run ends at an ASCII byte: whole characters
        while (true) {
            if (!ensure(2)) {
                throw error("ends inside a string", line, column(pos), true);
            }
            byte e = buf[pos + 1];
            pos += 2;
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (!ensure(4)) {
                        throw error("ends inside a string", line, column(pos), true);
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(buf[pos + i], 16);
                        if (d < 0) {
                            throw error("bad \\u escape", line, column(pos - 2), false);
                        }
                        v = v * 16 + d;
                    }
                    pos += 4;
                    sb.append((char) v);
                }
                default -> throw error("bad escape \\" + printable(e & 0xff), line, column(pos - 2), false);
            }
            int runStart = pos;
            boolean runAscii = true;
            while (true) {
                if (pos == limit) {
                    int kept = pos - runStart;
                    if (!fillKeeping(runStart)) {
                        throw error("ends inside a string", line, column(pos), true);
                    }
                    runStart = pos - kept;
                }
                byte b = buf[pos];
                if (b == '"' || b == '\\') {
                    break;
                }
                if (b >= 0 && b < 0x20) {
                    throw error("unescaped control character in a string", line, column(pos), false);
                }
                if (b < 0) {
                    runAscii = false;
                }
                pos++;
            }
            sb.append(decode(runStart, pos - runStart, runAscii));
            if (buf[pos] == '"') {
                pos++;
                return sb.toString();
            }
        }
    }

    private String decode(int start, int length, boolean ascii) throws CharacterCodingException {
        if (ascii) {
            return new String(buf, start, length, StandardCharsets.ISO_8859_1);
        }
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buf, start, length))
                .toString();
    }

    /** The text of bytes {@code [start, start + length)}, shared when short and ASCII. */
    private String text(int start, int length, boolean ascii) throws CharacterCodingException {
        if (!ascii || length > SHARED_MAX) {
            return decode(start, length, ascii);
        }
        probe.set(buf, start, length);
        String s = shared.get(probe);
        if (s == null) {
            s = new String(buf, start, length, StandardCharsets.ISO_8859_1);
            shared.put(new Key(s), s);
        }
        return s;
    }

    private void skipString() throws IOException {
        boolean ascii = true;
        int runStart = pos;
        while (true) {
            byte[] b = buf;
            int p = pos;
            int l = limit;
            while (p < l) {
                byte c = b[p];
                if (c >= 0x20 && c != '"' && c != '\\') {
                    p++;
                    continue;
                }
                pos = p;
                if (c == '"') {
                    if (!ascii) {
                        decode(runStart, pos - runStart, false);
                    }
                    pos++;
                    return;
                }
                if (c == '\\') {
                    if (!ascii) {
                        decode(runStart, pos - runStart, false);
                        ascii = true;
                    }
                    if (!ensure(2)) {
                        throw error("ends inside a string", line, column(pos), true);
                    }
                    if (ESCAPES.indexOf(buf[pos + 1]) < 0) {
                        throw error("bad escape \\" + printable(buf[pos + 1] & 0xff), line, column(pos), false);
                    }
                    pos += 2;
                    runStart = pos;
                    b = buf;
                    p = pos;
                    l = limit;
                    continue;
                }
                if (c >= 0) {
                    throw error("unescaped control character in a string", line, column(pos), false);
                }
                ascii = false; // a byte of a multi-byte character
                p++;
            }
            pos = p;
            int kept = pos - runStart;
            if (!(ascii ? fill() : fillKeeping(runStart))) {
                throw error("ends inside a string", line, column(pos), true);
            }
            runStart = ascii ? pos : pos - kept;
        }
    }

    private static final String ESCAPES = "\"\\/bfnrtu";

    // ------------------------------------------------------------------------------------------ numbers

    /**
     * The length of the number at {@code pos}, checked against JSON's grammar as it is scanned:
     * {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. The buffer holds all of it afterwards.
     */
    private int scanNumber() throws IOException {
        int i = 0;
        int state = 0; // 0 start, 1 after '-', 2 after a leading 0, 3 integer digits, 4 after '.', 5 fraction digits,
        // 6 after 'e', 7 after the exponent's sign, 8 exponent digits
        while (true) {
            if (pos + i == limit && !fillKeeping(pos)) {
                break;
            }
            byte c = buf[pos + i];
            int next;
            if (c >= '0' && c <= '9') {
                next = switch (state) {
                    case 0, 1 -> c == '0' ? 2 : 3;
                    case 3 -> 3;
                    case 4, 5 -> 5;
                    case 6, 7, 8 -> 8;
                    default -> -1; // a digit after a leading 0
                };
            } else if (c == '.') {
                next = state == 2 || state == 3 ? 4 : -1;
            } else if (c == 'e' || c == 'E') {
                next = state == 2 || state == 3 || state == 5 ? 6 : -1;
            } else if (c == '-' || c == '+') {
                next = state == 6 ? 7 : state == 0 && c == '-' ? 1 : -1;
            } else {
                break;
            }
            if (next < 0) {
                throw error("malformed number " + new String(buf, pos, i + 1, StandardCharsets.ISO_8859_1), tokenLine,
                        tokenColumn, false);
            }
            state = next;
            i++;
        }
        if (state != 2 && state != 3 && state != 5 && state != 8) {
            if (pos + i == limit) {
                throw error("ends inside a number", line, column(pos + i), true);
            }
            throw error("malformed number " + new String(buf, pos, i, StandardCharsets.ISO_8859_1), tokenLine,
                    tokenColumn, false);
        }
        if (pos + i < limit && isLiteralByte(buf[pos + i])) {
            throw error("unexpected character " + printable(buf[pos + i] & 0xff), line, column(pos + i), false);
        }
        return i;
    }

    private void skipNumber() throws IOException {
        int n = scanNumber(); // may refill and move pos: read it after
        pos += n;
    }

    private String numberText() throws IOException {
        int n = scanNumber();
        String s = new String(buf, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    private double parseNumber() throws IOException {
        int n = scanNumber();
        double v = decimal(pos, n);
        if (Double.isNaN(v)) {
            v = Double.parseDouble(new String(buf, pos, n, StandardCharsets.ISO_8859_1));
        }
        pos += n;
        return v;
    }

    /** The valid JSON number in {@code buf[from, from + n)} through {@link Decimals}; NaN when it cannot decide. */
    private double decimal(int from, int n) {
        int i = from;
        int end = from + n;
        boolean negative = buf[i] == '-';
        if (negative) {
            i++;
        }
        long significand = 0;
        int digits = 0;
        int exp10 = 0;
        boolean fraction = false;
        for (; i < end; i++) {
            byte c = buf[i];
            if (c == '.') {
                fraction = true;
                continue;
            }
            if (c == 'e' || c == 'E') {
                break;
            }
            if (digits > 0 || c != '0') {
                if (++digits > 19) {
                    return Double.NaN;
                }
                significand = significand * 10 + (c - '0');
            }
            if (fraction) {
                exp10--;
            }
        }
        if (i < end) {
            i++;
            boolean minus = buf[i] == '-';
            if (buf[i] == '-' || buf[i] == '+') {
                i++;
            }
            int e = 0;
            for (; i < end; i++) {
                e = e * 10 + (buf[i] - '0');
                if (e > 10_000) {
                    return Double.NaN;
                }
            }
            exp10 += minus ? -e : e;
        }
        return Decimals.of(significand, exp10, negative);
    }

    // ------------------------------------------------------------------------------------------ buffer

    /** Makes at least {@code n} bytes available from {@code pos}; false at the end of the input. */
    private boolean ensure(int n) throws IOException {
        while (limit - pos < n) {
            if (!fillKeeping(pos)) {
                return false;
            }
        }
        return true;
    }

    private boolean fill() throws IOException {
        return fillKeeping(pos);
    }

    /**
     * Reads more input, keeping the bytes from {@code keep} (moved to the start of the buffer, which grows when they
     * fill it); {@code pos} moves with them. False at the end of the input.
     */
    private boolean fillKeeping(int keep) throws IOException {
        if (eof) {
            return false;
        }
        int kept = limit - keep;
        if (keep > 0) {
            System.arraycopy(buf, keep, buf, 0, kept);
            offset += keep;
            pos -= keep;
            limit = kept;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n <= 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    // ------------------------------------------------------------------------------------------ errors

    private JsonSyntaxException error(String what, int atLine, int atColumn, boolean truncated) {
        return new JsonSyntaxException(what, atLine, atColumn, truncated);
    }

    private static String printable(int c) {
        if (c >= 0x21 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return String.format("0x%02x", c);
    }

    /** A byte range used as a map key without copying it; stored keys own their bytes. */
    private static final class Key {
        private byte[] bytes;
        private int from;
        private int length;
        private int hash;

        Key() {
        }

        Key(String s) {
            bytes = s.getBytes(StandardCharsets.ISO_8859_1);
            from = 0;
            length = bytes.length;
            hash = hash(bytes, 0, length);
        }

        void set(byte[] b, int f, int n) {
            bytes = b;
            from = f;
            length = n;
            hash = hash(b, f, n);
        }

        private static int hash(byte[] b, int f, int n) {
            int h = 1;
            for (int i = f; i < f + n; i++) {
                h = 31 * h + b[i];
            }
            return h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.length == length
                    && Arrays.equals(bytes, from, from + length, k.bytes, k.from, k.from + k.length);
        }
    }
}
