package org.vitwatt.reports.history.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.reports.analysis.ModelNames;
import org.vitwatt.reports.cli.args.Percent;
import org.vitwatt.reports.history.DbUrl;
import org.vitwatt.reports.history.Figure;
import org.vitwatt.reports.history.HistoryDb;
import org.vitwatt.reports.history.compare.CompareWriter;
import org.vitwatt.reports.history.compare.Comparison;
import org.vitwatt.reports.history.compare.Selector;
import org.vitwatt.reports.history.compare.Side;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.InputException;
import org.vitwatt.reports.input.IoFailure;
import org.vitwatt.reports.render.ReportWriter;
import org.vitwatt.results.JournalFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code compare --baseline SEL --candidate SEL}: the regression gate. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare a candidate run with a baseline, per benchmark and metric (latency per op, energy per "
                + "image, top-1 accuracy): baseline, candidate, change, and whether it is a regression — worse beyond "
                + "BOTH the threshold and the runs' own 99.9 %% confidence intervals (the intervals do not overlap). "
                + "Accuracy changes are in points; an accuracy without an interval is compared as a point. "
                + "Benchmarks in one run only are listed as added / removed, never as regressions.",
                "",
                "A selector SEL is: a result FILE (*.json with its journal, or *.jsonl); a run id (as ingest printed "
                        + "it); tag:NAME (the runs ingested with --tag NAME); latest (per device, the newest set of "
                        + "runs in the database: the runs of one tag, or one untagged run); previous (baseline only: "
                        + "per device of the candidate, the newest set before it that holds none of its runs). "
                        + "Repeat --baseline / --candidate to combine selectors."},
        footerHeading = "%nExamples:%n",
        footer = {"  java -jar vitwatt-reports.jar compare --db history.db   # latest vs previous",
                "  java -jar vitwatt-reports.jar compare --baseline old.json \\",
                "      --candidate new.json --threshold 3%%",
                "  java -jar vitwatt-reports.jar compare --db history.db \\",
                "      --baseline tag:2026-11-23 --candidate tag:2026-11-24 \\",
                "      --metrics latency,energy --json=compare.json"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no regression", "1:the database failed", "2:bad input: a file, run, flag or database",
                "3:at least one regression"})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    /** The environment ($VITWATT_DB, $VITWATT_DB_USER, $VITWATT_DB_PASSWORD). */
    private final Map<String, String> env;

    /** The command in environment {@code env}. */
    public CompareCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Option(names = "--baseline", paramLabel = "SEL", description = "What to compare against: FILE, RUN-ID, "
            + "tag:NAME, latest or previous (default: previous).")
    List<String> baseline = new ArrayList<>();

    @Option(names = "--candidate", paramLabel = "SEL", description = "What is checked: FILE, RUN-ID, tag:NAME or "
            + "latest (default: latest).")
    List<String> candidate = new ArrayList<>();

    @Option(names = "--db", paramLabel = "FILE|URL", description = "The history database (needed unless both sides "
            + "are files): a SQLite FILE or a JDBC URL. Default: $VITWATT_DB.")
    String db;

    @Option(names = "--threshold", paramLabel = "PCT", defaultValue = "5%", description = "Relative change latency "
            + "and energy must exceed to be a regression (or an improvement), besides non-overlapping intervals "
            + "(default: ${DEFAULT-VALUE}).")
    String threshold;

    @Option(names = "--accuracy-threshold", paramLabel = "POINTS", defaultValue = "0.5", description = "Change in "
            + "top-1 points accuracy must exceed (default: ${DEFAULT-VALUE}).")
    String accuracyThreshold;

    @Option(names = "--metrics", paramLabel = "LIST", split = ",", description = "Which of latency, energy, accuracy "
            + "to compare (default: all three).")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--device", paramLabel = "LABEL", description = "Only this device's runs and results.")
    String device;

    @Option(names = "--json", paramLabel = "FILE", arity = "0..1", fallbackValue = "-", description = "Machine-readable "
            + "output: --json prints the JSON instead of the table; --json=FILE writes it to FILE and prints the table.")
    String json;

    @Option(names = {"-q", "--quiet"}, description = "Print warnings only, not notes.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DbUrl url = null;
        try {
            List<String> base = baseline.isEmpty() ? List.of("previous") : baseline;
            List<String> cand = candidate.isEmpty() ? List.of("latest") : candidate;
            double thr = Percent.parse("--threshold", threshold);
            double points;
            try {
                points = Double.parseDouble(accuracyThreshold.strip());
                if (!(points >= 0) || Double.isInfinite(points)) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--accuracy-threshold " + accuracyThreshold
                        + ": expected points of top-1, such as 0.5");
            }
            Set<Figure> figs = new LinkedHashSet<>();
            for (String m : metrics) {
                figs.add(Figure.parse(m, "--metrics", false));
            }
            if (figs.isEmpty()) {
                figs.addAll(List.of(Figure.LATENCY, Figure.ENERGY, Figure.ACCURACY));
            }
            for (String c : cand) {
                if (Selector.of(c) == Selector.PREVIOUS) {
                    throw new InputException(InputException.Kind.BAD_OPTION, "--candidate previous: only a baseline "
                            + "can be 'previous'; give the candidate as a FILE, run id, tag:NAME or latest");
                }
            }
            for (String s : concat(base, cand)) {
                if (s.isBlank()) {
                    throw new InputException(InputException.Kind.BAD_OPTION, "--baseline/--candidate: an empty "
                            + "selector; give a FILE, run id, tag:NAME, latest or previous");
                }
                if (Selector.of(s) == Selector.FILE && !Files.isRegularFile(Path.of(s.strip()))
                        && !Files.isRegularFile(JournalFiles.besideResult(Path.of(s.strip())))) {
                    throw new InputException(InputException.Kind.UNREADABLE, (base.contains(s) ? "--baseline "
                            : "--candidate ") + s + ": no such file");
                }
            }
            boolean needDb = concat(base, cand).stream().anyMatch(Selector::needsDatabase);
            ModelNames names = new ModelNames(Catalog.standard());
            String dev = device == null || device.isBlank() ? null : device.strip();
            Comparison.Outcome outcome;
            HistoryDb h = null;
            try {
                if (needDb) {
                    String fromEnv = env.get(DbUrl.ENV_DB);
                    if ((db == null || db.isBlank()) && (fromEnv == null || fromEnv.isBlank())) {
                        String sel = cand.stream().filter(Selector::needsDatabase).map(x -> "--candidate " + x).findFirst()
                                .orElseGet(() -> base.stream().filter(Selector::needsDatabase).map(x -> "--baseline " + x)
                                        .findFirst().orElse("--baseline"));
                        throw new InputException(InputException.Kind.BAD_OPTION, sel + ": needs the history "
                                + "database: give --db FILE|URL or set " + DbUrl.ENV_DB + " (or give result files)");
                    }
                    url = DbUrl.resolve(db, env);
                    h = HistoryDb.open(url, HistoryDb.Mode.EXISTING);
                }
                Side c = Side.resolve("--candidate", cand, h, dev, null, names);
                if (c.results().isEmpty()) {
                    throw new InputException(InputException.Kind.NO_RESULTS, "--candidate " + String.join(" ", cand)
                            + ": no results" + (dev == null ? "" : " on device " + dev));
                }
                Side b = Side.resolve("--baseline", base, h, dev, c, names);
                if (b.results().isEmpty() && !base.stream().allMatch(x -> Selector.of(x) == Selector.PREVIOUS)) {
                    throw new InputException(InputException.Kind.NO_RESULTS, "--baseline " + String.join(" ", base)
                            + ": no results" + (dev == null ? "" : " on device " + dev));
                }
                outcome = Comparison.compare(b, c, new Comparison.Options(thr, points, List.copyOf(figs)));
            } finally {
                if (h != null) {
                    h.close();
                }
            }
            int code = outcome.regressed() ? HistoryCli.REGRESSION : 0;
            for (Diagnostic d : outcome.notes()) {
                if (d.level() == Diagnostic.Level.WARNING || !quiet) {
                    err.println(d);
                }
            }
            if (json != null && !json.equals("-")) {
                Path f = Path.of(json);
                try {
                    Path parent = f.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    Files.writeString(f, CompareWriter.json(outcome, ReportWriter.generator(), code) + "\n",
                            StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new InputException(InputException.Kind.UNWRITABLE, "--json " + json + ": cannot write: "
                            + IoFailure.describe(f, e));
                }
            }
            if ("-".equals(json)) {
                out.println(CompareWriter.json(outcome, ReportWriter.generator(), code));
            } else {
                out.print(CompareWriter.text(outcome));
            }
            out.flush();
            return code;
        } catch (Exception e) {
            return HistoryCli.fail(err, e, url);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
