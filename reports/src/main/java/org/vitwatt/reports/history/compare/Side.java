package org.vitwatt.reports.history.compare;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vitwatt.reports.analysis.ModelNames;
import org.vitwatt.reports.history.Figure;
import org.vitwatt.reports.history.HistoryDb;
import org.vitwatt.reports.history.HistoryException;
import org.vitwatt.reports.history.Stored;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.InputException;

/**
 * One side of a comparison: the results that {@code --baseline} or {@code --candidate} selects.
 *
 * <p>A selector is, first that applies: a result file ({@code *.json}, {@code *.jsonl}, or any existing file; its
 * journal beside it is read too); {@code latest} — for each device, the newest <em>set</em> of runs in the
 * database; {@code previous} (baseline only) — for each device of the candidate, the newest set that started before
 * the candidate and holds none of its runs; {@code tag:NAME} — every run ingested with {@code --tag NAME}; otherwise a
 * run id. A <em>set</em> is the runs sharing an ingest tag (a night of the nightly script), or one run without a
 * tag. Several selectors on one side are combined.
 *
 * @param flag        --baseline or --candidate
 * @param selectors   what was asked for
 * @param runs        the runs selected (file results: the run ids ingest gives them), oldest first
 * @param results     their results
 * @param diagnostics notes (e.g. no previous run on a device) and warnings from reading files
 */
public record Side(String flag, List<String> selectors, List<Stored.Run> runs, List<Stored.Observation> results,
        List<Diagnostic> diagnostics) {

    /** The devices of the results. */
    public Set<String> devices() {
        Set<String> d = new TreeSet<>();
        results.forEach(o -> d.add(o.key().device()));
        return d;
    }

    /** "tag:2026-11-24 (3 runs, 41 results on tx2-01)". */
    public String describe() {
        return String.join(" + ", selectors) + " (" + runs.size() + " run(s), " + results.size() + " result(s)"
                + (results.isEmpty() ? "" : " on " + String.join(", ", devices())) + ")";
    }

    /**
     * Resolves the selectors of one side.
     *
     * @param db        the database, null when none was given (only files then)
     * @param device    keep only this device's runs and results, null for all
     * @param candidate the candidate side, for {@code previous}; null when resolving the candidate
     */
    public static Side resolve(String flag, List<String> selectors, HistoryDb db, String device, Side candidate,
            ModelNames names) throws InputException, HistoryException {
        Map<String, Stored.Run> runs = new LinkedHashMap<>();
        List<Stored.Observation> results = new ArrayList<>();
        List<Diagnostic> diags = new ArrayList<>();
        Set<String> dbRuns = new LinkedHashSet<>();
        List<Stored.Run> all = null;
        for (String sel : selectors) {
            Selector kind = Selector.of(sel);
            if (kind != Selector.FILE && db == null) {
                throw new InputException(InputException.Kind.BAD_OPTION, flag + " " + sel + ": needs the history "
                        + "database: give --db FILE|URL or set VITWATT_DB (or give a result file)");
            }
            if (kind != Selector.FILE && all == null) {
                try {
                    all = Stored.runs(db.connection(), device);
                } catch (SQLException e) {
                    throw db.failure("reading the runs", e);
                }
            }
            switch (kind) {
                case FILE -> FileSide.read(flag, sel, device, names, runs, results, diags);
                case RUN -> {
                    String id = sel.strip();
                    Stored.Run r = all.stream().filter(x -> x.runId().equals(id)).findFirst().orElse(null);
                    if (r == null) {
                        throw new InputException(InputException.Kind.BAD_OPTION, flag + " " + sel + ": no such run in "
                                + db.url().describe() + (device == null ? "" : " on device " + device) + " (give a run "
                                + "id that ingest printed, tag:NAME, latest, previous or a result file)");
                    }
                    add(r, runs, dbRuns);
                }
                case TAG -> {
                    String tag = sel.strip().substring(4);
                    int before = dbRuns.size();
                    all.stream().filter(x -> tag.equals(x.tag())).forEach(x -> add(x, runs, dbRuns));
                    if (dbRuns.size() == before) {
                        throw new InputException(InputException.Kind.BAD_OPTION, flag + " " + sel + ": no run with tag "
                                + tag + " in " + db.url().describe() + (device == null ? "" : " on device " + device));
                    }
                }
                case LATEST -> {
                    if (all.isEmpty()) {
                        throw new InputException(InputException.Kind.BAD_OPTION, flag + " latest: " + db.url().describe()
                                + " holds no runs" + (device == null ? "" : " of device " + device)
                                + ": ingest some first");
                    }
                    Map<String, List<Stored.Run>> byDevice = new TreeMap<>();
                    all.forEach(r -> byDevice.computeIfAbsent(r.device(), k -> new ArrayList<>()).add(r));
                    for (List<Stored.Run> rs : byDevice.values()) {
                        RunSets.newestSet(rs, Long.MAX_VALUE, Set.of()).forEach(r -> add(r, runs, dbRuns));
                    }
                }
                case PREVIOUS -> {
                    if (candidate == null) {
                        throw new InputException(InputException.Kind.BAD_OPTION, flag + " previous: only a baseline "
                                + "can be 'previous' (the set of runs before the candidate)");
                    }
                    RunSets.previous(candidate, all, runs, dbRuns, diags);
                }
                default -> throw new IllegalStateException(kind.name());
            }
        }
        if (db != null && dbRuns.size() < runs.size()) {
            // result files whose runs were ingested already: show them as the database has them (with their tag)
            try {
                if (all == null) {
                    all = Stored.runs(db.connection(), device);
                }
            } catch (SQLException e) {
                throw db.failure("reading the runs", e);
            }
            for (Stored.Run r : all) {
                if (runs.containsKey(r.runId()) && !dbRuns.contains(r.runId())) {
                    runs.put(r.runId(), r);
                }
            }
        }
        if (!dbRuns.isEmpty()) {
            try {
                Set<String> labels = new TreeSet<>();
                for (Figure f : List.of(Figure.LATENCY, Figure.ENERGY, Figure.ACCURACY)) {
                    labels.addAll(f.labels());
                }
                results.addAll(Stored.observations(db.connection(), dbRuns, labels));
            } catch (SQLException e) {
                throw db.failure("reading the results", e);
            }
        }
        List<Stored.Run> rs = new ArrayList<>(runs.values());
        rs.sort(Comparator.comparingLong(Stored.Run::startedMs).thenComparing(Stored.Run::runId));
        return new Side(flag, List.copyOf(selectors), rs, results, diags);
    }

    static void add(Stored.Run r, Map<String, Stored.Run> runs, Set<String> dbRuns) {
        runs.putIfAbsent(r.runId(), r);
        dbRuns.add(r.runId());
    }

}
