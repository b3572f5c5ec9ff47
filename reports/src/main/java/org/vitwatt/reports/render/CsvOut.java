package org.vitwatt.reports.render;

import java.io.IOException;

/** RFC 4180 lines: cells separated by commas, quoted when they hold a comma, quote or line break; CRLF. */
public final class CsvOut {
    private final TextOut out;
    private boolean lineStarted;

    public CsvOut(TextOut out) {
        this.out = out;
    }

    /** Appends a text cell. */
    public CsvOut cell(String s) throws IOException {
        separate();
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            out.append('"').append(s.replace("\"", "\"\"")).append('"');
        } else {
            out.append(s);
        }
        return this;
    }

    /** Appends a number as {@code Numbers.compact} writes it ("Infinity" for an unbounded end); NaN as empty. */
    public CsvOut number(double v) throws IOException {
        separate();
        if (!Double.isNaN(v)) {
            out.compact(v);
        }
        return this;
    }

    /** Appends an integer cell. */
    public CsvOut integer(long v) throws IOException {
        separate();
        out.append(v);
        return this;
    }

    /** Appends an empty cell. */
    public CsvOut empty() throws IOException {
        separate();
        return this;
    }

    /** Ends the line. */
    public void end() throws IOException {
        out.append("\r\n");
        lineStarted = false;
    }

    /** A whole line of text cells. */
    public void line(Iterable<String> cells) throws IOException {
        for (String c : cells) {
            cell(c);
        }
        end();
    }

    private void separate() throws IOException {
        if (lineStarted) {
            out.append(',');
        }
        lineStarted = true;
    }
}
