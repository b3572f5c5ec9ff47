package org.vitwatt.reports.input;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vitwatt.results.Params;

/**
 * Loads the inputs of a report: JMH JSON files (each with its journal, {@link JournalChoice}) and journals given on
 * their own ({@code *.jsonl}), read by {@link InputReader}; several JSON files are parsed in parallel. Keeps vitwatt's
 * results ({@value #VITWATT_PREFIX}* with a {@code model} param), notes the rest, and labels each result's device:
 * the {@code --device FILE=LABEL} of its file; the {@code --device LABEL} for every file; the journal's
 * {@code device.host} of its run; {@value DeviceInfo#UNKNOWN}.
 */
public final class ResultLoader {
    /** Benchmarks whose name starts with this are vitwatt's; others are skipped with a note. */
    public static final String VITWATT_PREFIX = "org.vitwatt.bench.";

    private static final System.Logger LOG = System.getLogger(ResultLoader.class.getName());

    private ResultLoader() {
    }

    /**
     * What one input contributed.
     *
     * @param file         the input as given
     * @param source       "jmh-json", "jmh-json+journal", "journal" (the JSON was missing, truncated or empty)
     * @param journal      the journal read with it, null when none
     * @param read         results read
     * @param used         vitwatt results kept
     * @param otherSkipped results of other benchmarks skipped
     * @param devices      device labels of its results
     * @param runIds       journal run ids of its results
     */
    public record InputSummary(Path file, String source, Path journal, int read, int used, int otherSkipped,
            Set<String> devices, Set<String> runIds) {
    }

    /**
     * Everything loaded.
     *
     * @param results     vitwatt results, in input order
     * @param inputs      one summary per input file
     * @param diagnostics notes and warnings, in the order they were found
     */
    public record Loaded(List<BenchmarkResult> results, List<InputSummary> inputs, List<Diagnostic> diagnostics) {
    }

    /** Loads every input. */
    public static Loaded load(List<Path> inputs, DeviceLabels labels, Map<Path, Path> journals) throws InputException {
        Map<Path, Future<List<BenchmarkResult>>> parsed = parseAhead(inputs);
        try {
            return loadAll(inputs, labels, journals, parsed);
        } finally {
            parsed.values().forEach(f -> f.cancel(true));
        }
    }

    private static Loaded loadAll(List<Path> inputs, DeviceLabels labels, Map<Path, Path> journals,
            Map<Path, Future<List<BenchmarkResult>>> parsed) throws InputException {
        List<BenchmarkResult> all = new ArrayList<>();
        List<InputSummary> summaries = new ArrayList<>();
        List<Diagnostic> diags = new ArrayList<>();
        Set<Path> consumed = new HashSet<>();
        int otherTotal = 0;
        String otherExample = "";
        int noModelTotal = 0;
        for (Path p : inputs) {
            if (!consumed.add(InputMatch.norm(p))) {
                diags.add(Diagnostic.note(p + ": already read (given twice, or as the journal of another input)"));
                continue;
            }
            Path journal = InputReader.isJournal(p) ? null : JournalChoice.of(p, journals);
            if (journal != null) {
                consumed.add(InputMatch.norm(journal));
            }
            InputReader in = InputReader.read(p, journal, () -> json(p, parsed));
            diags.addAll(in.diagnostics());
            String fileLabel = labels.of(p);
            int used = 0;
            int other = 0;
            Set<String> devices = new LinkedHashSet<>();
            Set<String> runIds = new LinkedHashSet<>();
            Map<String, Integer> noModel = new LinkedHashMap<>();
            for (BenchmarkResult r : in.results()) {
                if (!r.benchmark().startsWith(VITWATT_PREFIX)) {
                    other++;
                    if (otherExample.isEmpty()) {
                        otherExample = r.benchmark();
                    }
                    continue;
                }
                if (r.param(Params.MODEL).isBlank()) {
                    noModel.merge(r.benchmark(), 1, Integer::sum);
                    continue;
                }
                BenchmarkResult labelled = fileLabel == null ? r
                        : r.with(r.run(), new DeviceInfo(fileLabel, "--device", r.device().details()));
                all.add(labelled);
                devices.add(labelled.device().label());
                if (!labelled.run().runId().isEmpty()) {
                    runIds.add(labelled.run().runId());
                }
                used++;
            }
            for (Map.Entry<String, Integer> e : noModel.entrySet()) {
                noModelTotal += e.getValue();
                diags.add(Diagnostic.note(p + ": skipped " + e.getValue() + " result(s) of " + e.getKey()
                        + ": no \"" + Params.MODEL + "\" param (results of vitwatt's benchmark always have one)"));
            }
            if (other > 0) {
                otherTotal += other;
                diags.add(Diagnostic.note(p + ": skipped " + other + " result(s) of other projects' benchmarks (e.g. "
                        + firstOther(in.results()) + "): not vitwatt's"));
            }
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1} results read, {2} used", p, in.results().size(), used);
            summaries.add(new InputSummary(p, in.source(), in.journal(), in.results().size(), used, other, devices,
                    runIds));
        }
        if (all.isEmpty()) {
            throw noResults(inputs, otherTotal, otherExample, noModelTotal);
        }
        return new Loaded(all, summaries, diags);
    }

    private static InputException noResults(List<Path> inputs, int other, String otherExample, int noModel) {
        List<String> why = new ArrayList<>();
        if (noModel > 0) {
            why.add(noModel + " result(s) of " + VITWATT_PREFIX + "* without a \"" + Params.MODEL + "\" param, which "
                    + "vitwatt's benchmark always writes (is this JSON from an edited or other build of "
                    + "benchmarks.jar?)");
        }
        if (other > 0) {
            why.add("only " + other + " result(s) of other benchmarks, e.g. " + otherExample);
        }
        String because = why.isEmpty() ? "" : " (" + String.join("; ", why) + ")";
        if (inputs.size() == 1) {
            return new InputException(InputException.Kind.NO_RESULTS, inputs.get(0) + ": no vitwatt benchmark results"
                    + because + "; nothing to report");
        }
        List<String> names = new ArrayList<>();
        inputs.forEach(x -> names.add(x.toString()));
        return new InputException(InputException.Kind.NO_RESULTS, String.join(", ", names)
                + ": no vitwatt benchmark results in any of these " + inputs.size() + " files" + because
                + "; nothing to report");
    }

    private static String firstOther(List<BenchmarkResult> results) {
        for (BenchmarkResult r : results) {
            if (!r.benchmark().startsWith(VITWATT_PREFIX)) {
                return r.benchmark();
            }
        }
        return "";
    }

    /** JMH JSON files parsed in parallel (the costly part of loading), keyed by normalised path. */
    private static Map<Path, Future<List<BenchmarkResult>>> parseAhead(List<Path> inputs) {
        Map<Path, Future<List<BenchmarkResult>>> out = new HashMap<>();
        Map<Path, Path> json = new LinkedHashMap<>();
        for (Path p : inputs) {
            if (!InputReader.isJournal(p) && Files.isRegularFile(p)) {
                json.putIfAbsent(InputMatch.norm(p), p);
            }
        }
        if (json.size() < 2) {
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(json.size(),
                Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "vitwatt-read");
                    t.setDaemon(true);
                    return t;
                });
        for (Map.Entry<Path, Path> e : json.entrySet()) {
            Path p = e.getValue();
            out.put(e.getKey(), pool.submit(() -> JmhJson.read(p)));
        }
        pool.shutdown();
        return out;
    }

    private static List<BenchmarkResult> json(Path p, Map<Path, Future<List<BenchmarkResult>>> parsed)
            throws InputException {
        Future<List<BenchmarkResult>> f = parsed.get(InputMatch.norm(p));
        if (f == null) {
            return JmhJson.read(p, true); // the only JSON input: its own parts in parallel
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException(InputException.Kind.UNREADABLE, p + ": interrupted while reading");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new InputException(InputException.Kind.UNREADABLE, p + ": cannot read: " + e.getCause());
        }
    }
}
