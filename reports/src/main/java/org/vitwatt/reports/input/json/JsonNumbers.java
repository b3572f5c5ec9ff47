package org.vitwatt.reports.input.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON numbers over a {@link JsonInput}: scanned against the grammar {@code -? (0 | [1-9][0-9]*) (. [0-9]+)?
 * ([eE] [+-]? [0-9]+)?} as they are read, then skipped, returned as text, or parsed to the nearest double by
 * {@link Decimals} (else {@link Double#parseDouble}).
 */
final class JsonNumbers {
    private final JsonInput src;

    JsonNumbers(JsonInput src) {
        this.src = src;
    }

    /**
     * The length of the number at {@code pos}, checked against JSON's grammar as it is scanned:
     * {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. The buffer holds all of it afterwards.
     */
    private int scanNumber(int atLine, int atColumn) throws IOException {
        int i = 0;
        int state = 0; // 0 start, 1 after '-', 2 after a leading 0, 3 integer digits, 4 after '.', 5 fraction digits,
        // 6 after 'e', 7 after the exponent's sign, 8 exponent digits
        while (true) {
            if (src.pos + i == src.limit && !src.fillKeeping(src.pos)) {
                break;
            }
            byte c = src.buf[src.pos + i];
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
                throw src.error("malformed number " + new String(src.buf, src.pos, i + 1, StandardCharsets.ISO_8859_1),
                        atLine,
                        atColumn, false);
            }
            state = next;
            i++;
        }
        if (state != 2 && state != 3 && state != 5 && state != 8) {
            if (src.pos + i == src.limit) {
                throw src.error("ends inside a number", src.line, src.column(src.pos + i), true);
            }
            throw src.error("malformed number " + new String(src.buf, src.pos, i, StandardCharsets.ISO_8859_1), atLine,
                    atColumn, false);
        }
        if (src.pos + i < src.limit && JsonInput.isLiteralByte(src.buf[src.pos + i])) {
            throw src.error("unexpected character " + JsonInput.printable(src.buf[src.pos + i] & 0xff), src.line,
                    src.column(src.pos + i), false);
        }
        return i;
    }

    void skipNumber(int atLine, int atColumn) throws IOException {
        int n = scanNumber(atLine, atColumn); // may refill and move src.pos: read it after
        src.pos += n;
    }

    String numberText(int atLine, int atColumn) throws IOException {
        int n = scanNumber(atLine, atColumn);
        String s = new String(src.buf, src.pos, n, StandardCharsets.ISO_8859_1);
        src.pos += n;
        return s;
    }

    double parseNumber(int atLine, int atColumn) throws IOException {
        int n = scanNumber(atLine, atColumn);
        double v = decimal(src.pos, n);
        if (Double.isNaN(v)) {
            v = Double.parseDouble(new String(src.buf, src.pos, n, StandardCharsets.ISO_8859_1));
        }
        src.pos += n;
        return v;
    }

    /** The valid JSON number in {@code buf[from, from + n)} through {@link Decimals}; NaN when it cannot decide. */
    private double decimal(int from, int n) {
        int i = from;
        int end = from + n;
        boolean negative = src.buf[i] == '-';
        if (negative) {
            i++;
        }
        long significand = 0;
        int digits = 0;
        int exp10 = 0;
        boolean fraction = false;
        for (; i < end; i++) {
            byte c = src.buf[i];
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
            boolean minus = src.buf[i] == '-';
            if (src.buf[i] == '-' || src.buf[i] == '+') {
                i++;
            }
            int e = 0;
            for (; i < end; i++) {
                e = e * 10 + (src.buf[i] - '0');
                if (e > 10_000) {
                    return Double.NaN;
                }
            }
            exp10 += minus ? -e : e;
        }
        return Decimals.of(significand, exp10, negative);
    }

}
