package org.vitwatt.reports.history.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vitwatt.reports.analysis.ModelNames;
import org.vitwatt.reports.history.HistoryDb;
import org.vitwatt.reports.history.HistoryException;
import org.vitwatt.reports.history.Ingest;
import org.vitwatt.reports.history.Stored;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.InputException;
import org.vitwatt.reports.input.DeviceLabels;
import org.vitwatt.reports.input.ResultLoader;

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

    /** The kind of a selector. */
    public enum Kind {
        FILE, LATEST, PREVIOUS, TAG, RUN
    }

    /** The kind of one selector value. */
    public static Kind kind(String v) {
        String s = v.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("latest")) {
            return Kind.LATEST;
        }
        if (lower.equals("previous")) {
            return Kind.PREVIOUS;
        }
        if (s.startsWith("tag:")) {
            return Kind.TAG;
        }
        if (lower.endsWith(".json") || lower.endsWith(".jsonl") || Files.isRegularFile(Path.of(s))) {
            return Kind.FILE;
        }
        return Kind.RUN;
    }

    /** True when a selector needs the database (anything but a file). */
    public static boolean needsDatabase(String v) {
        return kind(v) != Kind.FILE;
    }

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
            Kind kind = kind(sel);
            if (kind != Kind.FILE && db == null) {
                throw new InputException(InputException.Kind.BAD_OPTION, flag + " " + sel + ": needs the history "
                        + "database: give --db FILE|URL or set VITWATT_DB (or give a result file)");
            }
            if (kind != Kind.FILE && all == null) {
                try {
                    all = Stored.runs(db.connection(), device);
                } catch (SQLException e) {
                    throw db.failure("reading the runs", e);
                }
            }
            switch (kind) {
                case FILE -> readFile(flag, sel, device, names, runs, results, diags);
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
                        newestSet(rs, Long.MAX_VALUE, Set.of()).forEach(r -> add(r, runs, dbRuns));
                    }
                }
                case PREVIOUS -> {
                    if (candidate == null) {
                        throw new InputException(InputException.Kind.BAD_OPTION, flag + " previous: only a baseline "
                                + "can be 'previous' (the set of runs before the candidate)");
                    }
                    previous(candidate, all, runs, dbRuns, diags);
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
                for (org.vitwatt.reports.history.Figure f : List.of(org.vitwatt.reports.history.Figure.LATENCY,
                        org.vitwatt.reports.history.Figure.ENERGY, org.vitwatt.reports.history.Figure.ACCURACY)) {
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

    private static void add(Stored.Run r, Map<String, Stored.Run> runs, Set<String> dbRuns) {
        runs.putIfAbsent(r.runId(), r);
        dbRuns.add(r.runId());
    }

    private static void readFile(String flag, String sel, String device, ModelNames names, Map<String, Stored.Run> runs,
            List<Stored.Observation> results, List<Diagnostic> diags) throws InputException {
        Path p = Path.of(sel.strip());
        ResultLoader.Loaded loaded;
        try {
            loaded = ResultLoader.load(List.of(p), DeviceLabels.NONE, Map.of());
        } catch (InputException e) {
            throw new InputException(e.kind(), flag + " " + e.getMessage());
        }
        diags.addAll(loaded.diagnostics());
        List<BenchmarkResult> kept = new ArrayList<>();
        for (BenchmarkResult r : loaded.results()) {
            if (device == null || device.equals(r.device().label())) {
                kept.add(r);
            }
        }
        if (kept.isEmpty()) {
            throw new InputException(InputException.Kind.NO_RESULTS, flag + " " + p + ": no results on device "
                    + device + " (its devices: " + String.join(", ", deviceLabels(loaded.results())) + ")");
        }
        // the run ids and start times ingest gives these results (journal run id, else the file's content hash)
        Ingest.Prepared prep = Ingest.prepare(p, kept, null, names, Instant.now());
        for (Ingest.RunRow r : prep.runs()) {
            runs.putIfAbsent(r.runId(), new Stored.Run(r.runId(), null, r.device(), r.startedMs(), r.started(), r.git(),
                    r.vitwatt(), r.ort()));
        }
        String hashId = null;
        for (BenchmarkResult r : kept) {
            String id = r.run().runId();
            if (id.isBlank()) {
                if (hashId == null) {
                    hashId = prep.runs().stream().map(Ingest.RunRow::runId)
                            .filter(x -> x.startsWith(Ingest.HASH_PREFIX)).findFirst().orElse("");
                }
                id = hashId;
            }
            results.add(Stored.of(r, id, names));
        }
    }

    private static Set<String> deviceLabels(List<BenchmarkResult> rs) {
        Set<String> s = new TreeSet<>();
        rs.forEach(r -> s.add(r.device().label()));
        return s;
    }

    /** The newest set among {@code rs} (one device) that started before {@code before} and is not excluded. */
    static List<Stored.Run> newestSet(List<Stored.Run> rs, long before, Set<String> excludedSets) {
        Map<String, Long> start = new LinkedHashMap<>();
        for (Stored.Run r : rs) {
            start.merge(r.set(), r.startedMs(), Math::min);
        }
        String best = null;
        long bestStart = Long.MIN_VALUE;
        for (Map.Entry<String, Long> e : start.entrySet()) {
            if (e.getValue() < before && !excludedSets.contains(e.getKey())
                    && (best == null || e.getValue() > bestStart
                            || e.getValue() == bestStart && e.getKey().compareTo(best) > 0)) {
                best = e.getKey();
                bestStart = e.getValue();
            }
        }
        List<Stored.Run> out = new ArrayList<>();
        for (Stored.Run r : rs) {
            if (r.set().equals(best)) {
                out.add(r);
            }
        }
        return out;
    }

    /** For each device of the candidate: the newest set of that device that started before it, not its own. */
    private static void previous(Side candidate, List<Stored.Run> all, Map<String, Stored.Run> runs, Set<String> dbRuns,
            List<Diagnostic> diags) {
        Set<String> candidateIds = new LinkedHashSet<>();
        candidate.runs().forEach(r -> candidateIds.add(r.runId()));
        Set<String> excluded = new LinkedHashSet<>();
        for (Stored.Run r : all) {
            if (candidateIds.contains(r.runId())) {
                excluded.add(r.set()); // the candidate's own night, when it was ingested already
            }
        }
        for (Stored.Run r : candidate.runs()) {
            if (r.tag() != null) {
                excluded.add(r.set());
            }
        }
        for (String dev : candidate.devices()) {
            long start = Long.MAX_VALUE;
            Set<String> devRuns = new LinkedHashSet<>();
            candidate.results().stream().filter(o -> o.key().device().equals(dev)).forEach(o -> devRuns.add(o.runId()));
            for (Stored.Run r : candidate.runs()) {
                if (devRuns.contains(r.runId())) {
                    start = Math.min(start, r.startedMs());
                }
            }
            List<Stored.Run> onDevice = all.stream().filter(r -> r.device().equals(dev)).toList();
            List<Stored.Run> set = newestSet(onDevice, start, excluded);
            if (set.isEmpty()) {
                diags.add(Diagnostic.note("--baseline previous: no earlier run of device " + dev + " in the database "
                        + "(before " + (start == Long.MAX_VALUE ? "the candidate" : Instant.ofEpochMilli(start)) + "): "
                        + "nothing to compare its results with"));
            }
            set.forEach(r -> add(r, runs, dbRuns));
        }
    }
}
