package org.vitwatt.bench.journal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.options.Options;

/**
 * The cells a JMH run will measure — benchmark × mode × one value per parameter — worked out the way JMH
 * works them out (the benchmark list compiled into the jar, the include/exclude patterns, {@code -bm} and
 * {@code -p} over the {@code @BenchmarkMode} and {@code @Param} defaults), so a resumed run can skip the
 * cells a journal already holds.
 */
public final class Matrix {
    /** One cell: what JMH reports as one benchmark result. */
    public record Cell(String benchmark, Mode mode, Map<String, String> params) {
        public Cell {
            params = Map.copyOf(new TreeMap<>(params));
        }

        /** The journal key of this cell (see {@link JournalReader#key}). */
        public String key() {
            Map<String, String> p = new TreeMap<>(params);
            p.put("@mode", mode.shortLabel());
            return JournalReader.key(benchmark, p);
        }
    }

    private Matrix() {
    }

    public static List<Cell> cells(Options opts, OutputFormat out) {
        List<Cell> cells = new ArrayList<>();
        for (BenchmarkListEntry e : BenchmarkList.defaultList().find(out, opts.getIncludes(), opts.getExcludes())) {
            Collection<Mode> modes = opts.getBenchModes().isEmpty() ? List.of(e.getMode()) : opts.getBenchModes();
            Map<String, List<String>> values = new LinkedHashMap<>();
            if (e.getParams().hasValue()) {
                for (Map.Entry<String, String[]> p : new TreeMap<>(e.getParams().get()).entrySet()) {
                    Collection<String> user = opts.getParameter(p.getKey()).orElse(null);
                    values.put(p.getKey(), user != null ? new ArrayList<>(user) : List.of(p.getValue()));
                }
            }
            for (Mode m : modes) {
                if (m == Mode.All) {
                    continue;
                }
                for (Map<String, String> combo : product(values)) {
                    cells.add(new Cell(e.getUsername(), m, combo));
                }
            }
        }
        return cells;
    }

    private static List<Map<String, String>> product(Map<String, List<String>> values) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            out = next;
        }
        return out;
    }
}
