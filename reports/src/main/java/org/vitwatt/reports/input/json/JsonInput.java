package org.vitwatt.reports.input.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The bytes of a JSON input as {@link JsonPullReader} goes through them: one buffer refilled from the stream — keeping
 * the bytes a token still needs, growing for a token longer than it — the position in it, and the line and column of
 * every byte, for messages. Its fields are read and moved by the reader and {@link JsonStrings} and {@link
 * JsonNumbers} directly: this is the innermost loop of reading a result file.
 */
final class JsonInput {
    private final InputStream in;
    byte[] buf;
    int pos;
    int limit;
    /** Bytes of the input before {@code buf[0]}. */
    long offset;
    int line = 1;
    /** Offset in the input of the first byte of the current line. */
    long lineStart;
    private boolean eof;

    JsonInput(InputStream in, int bufferBytes) {
        this.in = in;
        this.buf = new byte[Math.max(1, bufferBytes)];
    }

    void close() throws IOException {
        in.close();
    }

    int column(int at) {
        return (int) (offset + at - lineStart) + 1;
    }

    static boolean isLiteralByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_';
    }

    /** The next byte that is not JSON whitespace, consumed; -1 at the end (an error unless {@code endIsError}). */
    int nextNonWhitespace(boolean endIsError) throws IOException {
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

    /** Makes at least {@code n} bytes available from {@code pos}; false at the end of the input. */
    boolean ensure(int n) throws IOException {
        while (limit - pos < n) {
            if (!fillKeeping(pos)) {
                return false;
            }
        }
        return true;
    }

    boolean fill() throws IOException {
        return fillKeeping(pos);
    }

    /**
     * Reads more input, keeping the bytes from {@code keep} (moved to the start of the buffer, which grows when they
     * fill it); {@code pos} moves with them. False at the end of the input.
     */
    boolean fillKeeping(int keep) throws IOException {
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

    JsonSyntaxException error(String what, int atLine, int atColumn, boolean truncated) {
        return new JsonSyntaxException(what, atLine, atColumn, truncated);
    }

    static String printable(int c) {
        if (c >= 0x21 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return String.format("0x%02x", c);
    }

    /** Skips the rest of a container whose opening bracket was read; {@code closer} is its closing bracket. */
    void skipContainer(byte closer, JsonStrings strings) throws IOException {
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
                        strings.skipString();
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

    /** Checks that the literal starting one byte back is {@code word}; leaves {@code pos} at its first byte. */
    void literal(String word) throws IOException {
        pos--;
        int n = word.length();
        if (!ensure(n + 1)) {
            if (!ensure(n)) {
                throw error("ends inside the literal " + word, line, column(pos), true);
            }
        }
        for (int i = 0; i < n; i++) {
            if (buf[pos + i] != word.charAt(i)) {
                throw error("unexpected character " + JsonInput.printable(buf[pos] & 0xff), line, column(pos), false);
            }
        }
        if (pos + n < limit && JsonInput.isLiteralByte(buf[pos + n])) {
            throw error("unexpected character " + JsonInput.printable(buf[pos] & 0xff), line, column(pos), false);
        }
    }
}
