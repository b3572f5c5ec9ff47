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
import org.vitwatt.results.JournalFiles;

/**
 * Loads the inputs of a report: JMH JSON files (with the journal beside each, {@code X.journal.jsonl} for
 * {@code X.json}, or one given with {@code --journal X.json=J}) and journals given on their own ({@code *.jsonl}).
 * Attaches each result's run and device, keeps vitwatt's benchmarks ({@value #VITWATT_PREFIX}*) and notes the rest.
 *
 * <p>Device of a result, first that applies: the {@code --device FILE=LABEL} of its file; the {@code --device LABEL}
 * for every file; the journal's {@code device.host} of its run; {@value DeviceInfo#UNKNOWN}.
 *
 * <p>When JMH's JSON is missing, truncated or empty, the journal's {@code benchmark} lines are the source (with a
 * warning); when the JSON lacks results the journal has for the same run, they are added (with a warning).
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
     * @param diagnostics notes and warnings, in the order noticed
     */
    public record Loaded(List<BenchmarkResult> results, List<InputSummary> inputs, List<Diagnostic> diagnostics) {
    }

    /**
     * Command-line device labels: {@code LABEL} for every input, {@code FILE=LABEL} for one.
     *
     * @param forAll label for every input without its own, null when none
     * @param byFile labels by normalised absolute input path
     */
    public record DeviceLabels(String forAll, Map<Path, String> byFile) {
        public static final DeviceLabels NONE = new DeviceLabels(null, Map.of());

        /** Parses {@code --device} values against the inputs; a FILE that is not an input is an error. */
        public static DeviceLabels parse(List<String> specs, List<Path> inputs) throws InputException {
            String all = null;
            Map<Path, String> by = new HashMap<>();
            for (String spec : specs) {
                Path file = null;
                String label = spec;
                for (int i = spec.indexOf('='); i >= 0; i = spec.indexOf('=', i + 1)) {
                    Path match = match(spec.substring(0, i), inputs);
                    if (match != null) {
                        file = match;
                        label = spec.substring(i + 1);
                        break;
                    }
                }
                if (file == null && spec.contains("=")) {
                    throw new InputException(InputException.Kind.BAD_OPTION, "--device " + spec + ": "
                            + spec.substring(0, spec.indexOf('=')) + " is not one of the input files");
                }
                if (label.isBlank()) {
                    throw new InputException(InputException.Kind.BAD_OPTION, "--device " + spec + ": empty label");
                }
                if (file == null) {
                    if (all != null) {
                        throw new InputException(InputException.Kind.BAD_OPTION, "--device " + spec
                                + ": a label for every file was already given (" + all + "); use FILE=LABEL");
                    }
                    all = label.strip();
                } else if (by.put(file, label.strip()) != null) {
                    throw new InputException(InputException.Kind.BAD_OPTION, "--device " + spec + ": "
                            + file.getFileName() + " was already labelled");
                }
            }
            return new DeviceLabels(all, by);
        }
    }

    /** Parses {@code --journal FILE=JOURNAL} values against the inputs. */
    public static Map<Path, Path> parseJournals(List<String> specs, List<Path> inputs) throws InputException {
        Map<Path, Path> by = new HashMap<>();
        for (String spec : specs) {
            boolean ok = false;
            for (int i = spec.indexOf('='); i >= 0; i = spec.indexOf('=', i + 1)) {
                Path match = match(spec.substring(0, i), inputs);
                if (match != null) {
                    by.put(match, Path.of(spec.substring(i + 1)));
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--journal " + spec
                        + ": expected FILE=JOURNAL with FILE one of the input files");
            }
        }
        return by;
    }

    static Path norm(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private static Path match(String name, List<Path> inputs) {
        Path want = norm(Path.of(name));
        for (Path p : inputs) {
            if (norm(p).equals(want)) {
                return norm(p);
            }
        }
        Path hit = null;
        for (Path p : inputs) {
            if (p.getFileName() != null && p.getFileName().toString().equals(name)) {
                if (hit != null) {
                    return null; // ambiguous file name: the caller reports it as unknown
                }
                hit = norm(p);
            }
        }
        return hit;
    }

    /** Loads every input. */
    public static Loaded load(List<Path> inputs, DeviceLabels labels, Map<Path, Path> journals) throws InputException {
        List<BenchmarkResult> all = new ArrayList<>();
        List<InputSummary> summaries = new ArrayList<>();
        List<Diagnostic> diags = new ArrayList<>();
        Set<Path> consumed = new HashSet<>();
        Map<Path, java.util.concurrent.Future<List<BenchmarkResult>>> parsed = parseAhead(inputs);
        try {
            return load(inputs, labels, journals, all, summaries, diags, consumed, parsed);
        } finally {
            parsed.values().forEach(f -> f.cancel(true));
        }
    }

    /** JMH JSON files parsed in parallel (the costly part of loading), keyed by normalised path. */
    private static Map<Path, java.util.concurrent.Future<List<BenchmarkResult>>> parseAhead(List<Path> inputs) {
        Map<Path, java.util.concurrent.Future<List<BenchmarkResult>>> out = new HashMap<>();
        Map<Path, Path> json = new LinkedHashMap<>();
        for (Path p : inputs) {
            if (p.getFileName() != null && !p.getFileName().toString().endsWith(".jsonl") && Files.isRegularFile(p)) {
                json.putIfAbsent(norm(p), p);
            }
        }
        if (json.size() < 2) {
            return out;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(json.size(), Runtime.getRuntime().availableProcessors()), r -> {
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

    private static List<BenchmarkResult> readJson(Path p,
            Map<Path, java.util.concurrent.Future<List<BenchmarkResult>>> parsed) throws InputException {
        java.util.concurrent.Future<List<BenchmarkResult>> f = parsed.get(norm(p));
        if (f == null) {
            return JmhJson.read(p);
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException(InputException.Kind.UNREADABLE, p + ": interrupted while reading");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof InputException ie) {
                throw ie;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new InputException(InputException.Kind.UNREADABLE, p + ": cannot read: " + e.getCause());
        }
    }

    private static Loaded load(List<Path> inputs, DeviceLabels labels, Map<Path, Path> journals,
            List<BenchmarkResult> all, List<InputSummary> summaries, List<Diagnostic> diags, Set<Path> consumed,
            Map<Path, java.util.concurrent.Future<List<BenchmarkResult>>> parsed) throws InputException {
        int otherTotal = 0;
        String otherExample = "";
        for (Path p : inputs) {
            Path key = norm(p);
            if (!consumed.add(key)) {
                diags.add(Diagnostic.note(p + ": already read (given twice, or as the journal of another input)"));
                continue;
            }
            List<BenchmarkResult> results;
            String source;
            Path journalPath = null;
            if (p.getFileName() != null && p.getFileName().toString().endsWith(".jsonl")) {
                Journal j = Journal.read(p);
                diags.addAll(j.diagnostics());
                results = j.results();
                source = "journal";
                journalPath = p;
                if (results.isEmpty()) {
                    diags.add(Diagnostic.note(p + ": the journal has no finished benchmark"));
                }
            } else {
                Path jp = journals.get(key);
                if (jp == null && Files.isRegularFile(JournalFiles.besideResult(p))) {
                    jp = JournalFiles.besideResult(p);
                }
                Journal j = null;
                if (jp != null) {
                    j = Journal.read(jp);
                    consumed.add(norm(jp));
                    diags.addAll(j.diagnostics());
                    journalPath = jp;
                }
                List<BenchmarkResult> json;
                try {
                    json = readJson(p, parsed);
                } catch (InputException e) {
                    boolean fallback = (e.kind() == InputException.Kind.UNREADABLE
                            || e.kind() == InputException.Kind.NOT_JSON) && j != null && !j.results().isEmpty();
                    if (!fallback) {
                        throw e;
                    }
                    diags.add(Diagnostic.warning(e.getMessage() + "; reading the " + j.results().size()
                            + " result(s) of its journal " + jp + " instead"));
                    json = null;
                }
                if (json != null && json.isEmpty()) {
                    if (j == null || j.results().isEmpty()) {
                        throw new InputException(InputException.Kind.EMPTY,
                                p + ": empty result list: JMH wrote no benchmark results");
                    }
                    diags.add(Diagnostic.warning(p + ": empty result list; reading the " + j.results().size()
                            + " result(s) of its journal " + jp + " instead"));
                    json = null;
                }
                if (json == null) {
                    results = j.results();
                    source = "journal";
                } else if (j == null) {
                    results = json;
                    source = "jmh-json";
                } else {
                    results = join(p, json, j, diags);
                    source = "jmh-json+journal";
                }
            }
            String fileLabel = labels.byFile().getOrDefault(key, labels.forAll());
            int used = 0;
            int other = 0;
            Set<String> devices = new LinkedHashSet<>();
            Set<String> runIds = new LinkedHashSet<>();
            Map<String, Integer> noModel = new LinkedHashMap<>();
            for (BenchmarkResult r : results) {
                if (!r.benchmark().startsWith(VITWATT_PREFIX)) {
                    other++;
                    if (otherExample.isEmpty()) {
                        otherExample = r.benchmark();
                    }
                    continue;
                }
                if (r.param("model").isBlank()) {
                    noModel.merge(r.benchmark(), 1, Integer::sum);
                    continue;
                }
                BenchmarkResult labelled = r;
                if (fileLabel != null) {
                    labelled = r.with(r.run(), new DeviceInfo(fileLabel, "--device", r.device().details()));
                }
                all.add(labelled);
                devices.add(labelled.device().label());
                if (!labelled.run().runId().isEmpty()) {
                    runIds.add(labelled.run().runId());
                }
                used++;
            }
            for (Map.Entry<String, Integer> e : noModel.entrySet()) {
                diags.add(Diagnostic.note(p + ": skipped " + e.getValue() + " result(s) of " + e.getKey()
                        + ": no model parameter"));
            }
            if (other > 0) {
                otherTotal += other;
                diags.add(Diagnostic.note(p + ": skipped " + other + " result(s) of other projects' benchmarks (e.g. "
                        + firstOther(results) + "): not vitwatt's"));
            }
            LOG.log(System.Logger.Level.DEBUG, "{0}: {1} results read, {2} used", p, results.size(), used);
            summaries.add(new InputSummary(p, source, journalPath, results.size(), used, other, devices, runIds));
        }
        if (all.isEmpty()) {
            String other = otherTotal > 0 ? " (only " + otherTotal + " result(s) of other benchmarks, e.g. " + otherExample
                    + ")" : "";
            if (inputs.size() == 1) {
                throw new InputException(InputException.Kind.NO_RESULTS, inputs.get(0)
                        + ": no vitwatt benchmark results" + other + "; nothing to report");
            }
            List<String> names = new ArrayList<>();
            inputs.forEach(x -> names.add(x.toString()));
            throw new InputException(InputException.Kind.NO_RESULTS, String.join(", ", names)
                    + ": no vitwatt benchmark results in any of these " + inputs.size() + " files" + other
                    + "; nothing to report");
        }
        return new Loaded(all, summaries, diags);
    }

    private static String firstOther(List<BenchmarkResult> results) {
        for (BenchmarkResult r : results) {
            if (!r.benchmark().startsWith(VITWATT_PREFIX)) {
                return r.benchmark();
            }
        }
        return "";
    }

    /** JSON results with the run and device of the journal; results only the journal has (partial JSON) added. */
    private static List<BenchmarkResult> join(Path p, List<BenchmarkResult> json, Journal j, List<Diagnostic> diags) {
        Map<String, BenchmarkResult> byIdentity = new HashMap<>();
        for (BenchmarkResult jr : j.results()) {
            byIdentity.put(jr.identity(), jr);
        }
        RunInfo fallbackRun = RunInfo.NONE;
        for (RunInfo r : j.runs().values()) {
            fallbackRun = r; // the last run of the journal
        }
        List<BenchmarkResult> out = new ArrayList<>(json.size());
        Set<String> identities = new HashSet<>();
        Set<String> matchedRuns = new HashSet<>();
        int unmatched = 0;
        for (BenchmarkResult r : json) {
            identities.add(r.identity());
            BenchmarkResult jr = byIdentity.get(r.identity());
            RunInfo run;
            if (jr != null) {
                run = jr.run();
                matchedRuns.add(run.runId());
            } else {
                run = fallbackRun;
                unmatched++;
            }
            out.add(r.with(run, j.device(run.runId())));
        }
        if (unmatched > 0 && j.runs().size() > 1) {
            diags.add(Diagnostic.note(p + ": " + unmatched + " result(s) not in its journal " + j.file()
                    + "; attributed to its last run " + fallbackRun.runId()));
        }
        int added = 0;
        for (BenchmarkResult jr : j.results()) {
            if (matchedRuns.contains(jr.run().runId()) && identities.add(jr.identity())) {
                out.add(jr);
                added++;
            }
        }
        if (added > 0) {
            diags.add(Diagnostic.warning(p + ": JMH's JSON is partial: " + added + " result(s) found only in its journal "
                    + j.file() + " were added"));
        }
        return out;
    }
}
