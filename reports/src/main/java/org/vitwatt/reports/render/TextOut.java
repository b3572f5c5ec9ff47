package org.vitwatt.reports.render;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import org.vitwatt.reports.table.Numbers;

/**
 * Buffered UTF-8 text output for the report's files, tens of megabytes of mostly ASCII text and numbers: strings are
 * encoded as they are appended and numbers are formatted straight into the buffer ({@link Numbers}), so writing makes
 * no intermediate string or char array. Not thread-safe; closing closes the stream.
 */
public final class TextOut implements Closeable {
    private static final int BUFFER = 1 << 16;

    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER];
    private int pos;

    public TextOut(OutputStream out) {
        this.out = out;
    }

    /** Appends {@code s} as UTF-8. */
    public TextOut append(String s) throws IOException {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (pos == BUFFER) {
                    flushBuffer();
                }
                buf[pos++] = (byte) c;
            } else {
                i = appendNonAscii(s, i);
            }
        }
        return this;
    }

    public TextOut append(char c) throws IOException {
        if (c < 0x80) {
            if (pos == BUFFER) {
                flushBuffer();
            }
            buf[pos++] = (byte) c;
            return this;
        }
        appendNonAscii(String.valueOf(c), 0);
        return this;
    }

    /** Appends the code point at {@code s[i]}; returns the index of its last char. */
    private int appendNonAscii(String s, int i) throws IOException {
        int cp = s.codePointAt(i);
        room(4);
        if (cp < 0x800) {
            buf[pos++] = (byte) (0xC0 | cp >> 6);
            buf[pos++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            if (Character.isSurrogate((char) cp)) {
                cp = '?'; // a lone surrogate has no UTF-8 form
                buf[pos++] = (byte) cp;
                return i;
            }
            buf[pos++] = (byte) (0xE0 | cp >> 12);
            buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[pos++] = (byte) (0x80 | cp & 0x3F);
        } else {
            buf[pos++] = (byte) (0xF0 | cp >> 18);
            buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[pos++] = (byte) (0x80 | cp & 0x3F);
            return i + 1;
        }
        return i;
    }

    public TextOut append(long v) throws IOException {
        if (v == Long.MIN_VALUE) {
            return append(Long.toString(v));
        }
        room(21);
        pos = Numbers.integer(v, buf, pos);
        return this;
    }

    /** Appends {@link Numbers#fixed(double, int)} of {@code v}. */
    public TextOut fixed(double v, int decimals) throws IOException {
        room(Numbers.MAX_BYTES);
        int end = Numbers.fixed(v, decimals, buf, pos);
        if (end < 0) {
            return append(Numbers.fixed(v, decimals));
        }
        pos = end;
        return this;
    }

    /** Appends {@link Numbers#compact(double)} of {@code v}. */
    public TextOut compact(double v) throws IOException {
        room(Numbers.MAX_BYTES);
        int end = Numbers.compact(v, buf, pos);
        if (end < 0) {
            return append(Double.toString(v));
        }
        pos = end;
        return this;
    }

    private void room(int n) throws IOException {
        if (BUFFER - pos < n) {
            flushBuffer();
        }
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    /** Writes what is buffered. */
    public void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flushBuffer();
        } finally {
            out.close();
        }
    }
}
