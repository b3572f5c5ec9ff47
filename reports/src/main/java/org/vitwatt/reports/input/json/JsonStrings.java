package org.vitwatt.reports.input.json;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * JSON strings over a {@link JsonInput}, read (escapes resolved, UTF-8 checked, short ASCII ones shared so that the
 * same text read twice is one {@code String}) or skipped without being materialised (UTF-8 still checked).
 */
final class JsonStrings {
    /** Strings up to this many bytes are shared through {@link #shared}. */
    private static final int SHARED_MAX = 64;

    /** What may follow a backslash. */
    private static final String ESCAPES = "\"\\/bfnrtu";

    private final JsonInput src;
    private final Map<Key, String> shared = new HashMap<>();
    private final Key probe = new Key();
    private StringBuilder escaped;

    JsonStrings(JsonInput src) {
        this.src = src;
    }


    /** The string whose first byte is at {@code pos} (after its opening quote), consumed with its closing quote. */
    String readString() throws IOException {
        int start = src.pos;
        boolean ascii = true;
        while (true) {
            if (src.pos == src.limit) {
                int kept = src.pos - start;
                if (!src.fillKeeping(start)) {
                    throw src.error("ends inside a string", src.line, src.column(src.pos), true);
                }
                start = src.pos - kept;
            }
            byte b = src.buf[src.pos];
            if (b == '"') {
                String s = text(start, src.pos - start, ascii);
                src.pos++;
                return s;
            }
            if (b == '\\') {
                return readEscaped(start, ascii);
            }
            if (b >= 0 && b < 0x20) {
                throw src.error("unescaped control character in a string", src.line, src.column(src.pos), false);
            }
            if (b < 0) {
                ascii = false;
            }
            src.pos++;
        }
    }

    /** The rest of a string with escapes, from {@code start}; {@code pos} is at the first backslash. */
    private String readEscaped(int start, boolean ascii) throws IOException {
        if (escaped == null) {
            escaped = new StringBuilder();
        }
        StringBuilder sb = escaped;
        sb.setLength(0);
        sb.append(decode(start, src.pos - start, ascii)); // the run ends at an ASCII byte: whole characters
        while (true) {
            if (!src.ensure(2)) {
                throw src.error("ends inside a string", src.line, src.column(src.pos), true);
            }
            byte e = src.buf[src.pos + 1];
            src.pos += 2;
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
                    if (!src.ensure(4)) {
                        throw src.error("ends inside a string", src.line, src.column(src.pos), true);
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = Character.digit(src.buf[src.pos + i], 16);
                        if (d < 0) {
                            throw src.error("bad \\u escape", src.line, src.column(src.pos - 2), false);
                        }
                        v = v * 16 + d;
                    }
                    src.pos += 4;
                    sb.append((char) v);
                }
                default -> throw src.error("bad escape \\" + JsonInput.printable(e & 0xff), src.line,
                        src.column(src.pos - 2), false);
            }
            int runStart = src.pos;
            boolean runAscii = true;
            while (true) {
                if (src.pos == src.limit) {
                    int kept = src.pos - runStart;
                    if (!src.fillKeeping(runStart)) {
                        throw src.error("ends inside a string", src.line, src.column(src.pos), true);
                    }
                    runStart = src.pos - kept;
                }
                byte b = src.buf[src.pos];
                if (b == '"' || b == '\\') {
                    break;
                }
                if (b >= 0 && b < 0x20) {
                    throw src.error("unescaped control character in a string", src.line, src.column(src.pos), false);
                }
                if (b < 0) {
                    runAscii = false;
                }
                src.pos++;
            }
            sb.append(decode(runStart, src.pos - runStart, runAscii));
            if (src.buf[src.pos] == '"') {
                src.pos++;
                return sb.toString();
            }
        }
    }

    private String decode(int start, int length, boolean ascii) throws CharacterCodingException {
        if (ascii) {
            return new String(src.buf, start, length, StandardCharsets.ISO_8859_1);
        }
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(src.buf, start, length))
                .toString();
    }

    /** The text of bytes {@code [start, start + length)}, shared when short and ASCII. */
    private String text(int start, int length, boolean ascii) throws CharacterCodingException {
        if (!ascii || length > SHARED_MAX) {
            return decode(start, length, ascii);
        }
        probe.set(src.buf, start, length);
        String s = shared.get(probe);
        if (s == null) {
            s = new String(src.buf, start, length, StandardCharsets.ISO_8859_1);
            shared.put(new Key(s), s);
        }
        return s;
    }

    void skipString() throws IOException {
        boolean ascii = true;
        int runStart = src.pos;
        while (true) {
            byte[] b = src.buf;
            int p = src.pos;
            int l = src.limit;
            while (p < l) {
                byte c = b[p];
                if (c >= 0x20 && c != '"' && c != '\\') {
                    p++;
                    continue;
                }
                src.pos = p;
                if (c == '"') {
                    if (!ascii) {
                        decode(runStart, src.pos - runStart, false);
                    }
                    src.pos++;
                    return;
                }
                if (c == '\\') {
                    if (!ascii) {
                        decode(runStart, src.pos - runStart, false);
                        ascii = true;
                    }
                    if (!src.ensure(2)) {
                        throw src.error("ends inside a string", src.line, src.column(src.pos), true);
                    }
                    if (ESCAPES.indexOf(src.buf[src.pos + 1]) < 0) {
                        throw src.error("bad escape \\" + JsonInput.printable(src.buf[src.pos + 1] & 0xff), src.line,
                                src.column(src.pos), false);
                    }
                    src.pos += 2;
                    runStart = src.pos;
                    b = src.buf;
                    p = src.pos;
                    l = src.limit;
                    continue;
                }
                if (c >= 0) {
                    throw src.error("unescaped control character in a string", src.line, src.column(src.pos), false);
                }
                ascii = false; // a byte of a multi-byte character
                p++;
            }
            src.pos = p;
            int kept = src.pos - runStart;
            if (!(ascii ? src.fill() : src.fillKeeping(runStart))) {
                throw src.error("ends inside a string", src.line, src.column(src.pos), true);
            }
            runStart = ascii ? src.pos : src.pos - kept;
        }
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
