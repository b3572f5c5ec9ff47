package org.vitwatt.reports.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vitwatt.reports.input.json.JsonPullReader.Token;
import org.vitwatt.reports.input.json.JsonPullReader;

/**
 * Reads one large JMH JSON file on several threads: the result array is cut where an element appears to start
 * ({@code }} {@code ,} {@code {} with only whitespace between, near each part's share of the file), each part is read
 * from there, and a cut is used only when the reader of the part before it found an element starting exactly there —
 * so a cut that falls inside a string, or anywhere but between two results, is never believed. When a cut is not
 * confirmed, or any part meets anything unexpected, the caller reads the file in one pass instead (and reports what
 * is wrong with it exactly as that pass finds it).
 */
final class SplitRead {
    /** Files smaller than this are read in one pass. */
    static final long MIN_BYTES = 16L << 20;
    private static final int MAX_PARTS = 4;
    private static final int SEARCH = 1 << 20;

    private SplitRead() {
    }

    /** What one part read. */
    private record Part(List<BenchmarkResult> results, long endedAt, int lineAtEnd) {
    }

    /** The results of {@code file} (of {@code size} bytes), or null when it must be read in one pass. */
    static List<BenchmarkResult> read(Path file, long size) {
        int parts = (int) Math.min(MAX_PARTS, Math.min(Runtime.getRuntime().availableProcessors(), size / MIN_BYTES));
        return parts < 2 ? null : read(file, size, parts);
    }

    /** The results of {@code file} read in {@code parts} parts, or null when it must be read in one pass. */
    static List<BenchmarkResult> read(Path file, long size, int parts) {
        List<Long> cuts;
        try {
            cuts = cuts(file, size, parts);
        } catch (IOException e) {
            return null;
        }
        if (cuts.isEmpty()) {
            return null;
        }
        ExecutorService pool = Executors.newFixedThreadPool(cuts.size(), r -> {
            Thread t = new Thread(r, "vitwatt-read-part");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Part>> later = new ArrayList<>();
            for (int i = 0; i < cuts.size(); i++) {
                long from = cuts.get(i);
                long stop = i + 1 < cuts.size() ? cuts.get(i + 1) : -1;
                later.add(pool.submit(() -> part(file, from, stop)));
            }
            Part first = part(file, 0, cuts.get(0));
            List<BenchmarkResult> out = new ArrayList<>(first.results());
            Part prev = first;
            int base = 1; // the absolute line of the previous part's line 1
            for (int i = 0; i < cuts.size(); i++) {
                if (prev == null || prev.endedAt() != cuts.get(i)) {
                    return null; // the cut is not where an element starts
                }
                base += prev.lineAtEnd() - 1;
                Part p = later.get(i).get();
                if (p == null) {
                    return null;
                }
                for (BenchmarkResult r : p.results()) {
                    out.add(r.atLine(base + r.line() - 1));
                }
                prev = p;
            }
            return prev.endedAt() == -1 ? out : null;
        } catch (Exception e) {
            return null;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The elements that start at or after {@code from} and before {@code stop} (-1: up to the array's end, which must
     * end the file); null when anything is unexpected.
     */
    private static Part part(Path file, long from, long stop) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                InputStream in = Channels.newInputStream(ch.position(from))) {
            JsonPullReader r = from == 0 ? new JsonPullReader(in) : JsonPullReader.inArray(in);
            if (from == 0) {
                r.beginArray();
            }
            List<BenchmarkResult> results = new ArrayList<>();
            while (true) {
                Token t = r.peek();
                if (t == Token.END_ARRAY) {
                    if (stop >= 0) {
                        return null;
                    }
                    r.endArray();
                    return r.peek() == Token.END_DOCUMENT ? new Part(results, -1, r.line()) : null;
                }
                long at = from + r.offset();
                if (stop >= 0 && at >= stop) {
                    return new Part(results, at, r.line());
                }
                results.add(JmhResultReader.read(r, file, results.size(), r.line()));
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Where each part after the first starts: an element start near {@code k × size / parts}, increasing. */
    private static List<Long> cuts(Path file, long size, int parts) throws IOException {
        List<Long> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(SEARCH);
            long last = 0;
            for (int k = 1; k < parts; k++) {
                long at = Math.max(last + 1, k * size / parts);
                buf.clear();
                int n = ch.read(buf, at);
                long cut = n <= 0 ? -1 : elementStart(buf.array(), n);
                if (cut >= 0) {
                    out.add(at + cut);
                    last = at + cut;
                }
            }
        }
        return out;
    }

    /** The offset of the '{' of the first "} , {" (whitespace allowed between) in {@code b[0, n)}, -1 when none. */
    static long elementStart(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != '}') {
                continue;
            }
            int j = skipSpace(b, i + 1, n);
            if (j < n && b[j] == ',') {
                j = skipSpace(b, j + 1, n);
                if (j < n && b[j] == '{') {
                    return j;
                }
            }
        }
        return -1;
    }

    private static int skipSpace(byte[] b, int i, int n) {
        while (i < n && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }
}
