package org.vitwatt.reports.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.reports.analysis.ModelNames;
import org.vitwatt.reports.analysis.Report;
import org.vitwatt.reports.analysis.ReportBuilder;
import org.vitwatt.reports.analysis.ReportOptions;
import org.vitwatt.reports.analysis.plots.PlotData;
import org.vitwatt.reports.cli.args.Percent;
import org.vitwatt.reports.input.DeviceLabels;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.InputException;
import org.vitwatt.reports.input.IoFailure;
import org.vitwatt.reports.input.JournalChoice;
import org.vitwatt.reports.input.PlansReader;
import org.vitwatt.reports.input.ResultLoader;
import org.vitwatt.reports.input.SearchPlans;
import org.vitwatt.reports.render.ReportWriter;
import org.vitwatt.reports.table.Numbers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code report FILE… --out DIR}: the report of one or more JMH result files. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the report of one or more JMH result files into a directory: report.md, one CSV per "
                + "table, report.json, index.html (self-contained, sortable tables, inline plots) and plots/*.svg, "
                + "*.png.",
                "",
                "A FILE is JMH's JSON (-rf json); its journal X.journal.jsonl beside X.json is read too (device, run, "
                        + "and results when the JSON is missing, truncated or partial). A *.jsonl FILE is read as a "
                        + "journal on its own. Results of the same benchmark on the same device (several files or "
                        + "forks) are merged with their spread shown."},
        footerHeading = "%nExamples:%n",
        footer = {"  java -jar vitwatt-reports.jar report results.json --out report/",
                "  java -jar vitwatt-reports.jar report tx2.json rtx3050.json --device tx2.json=tx2-01 "
                        + "--device rtx3050.json=laptop-3050 --out report/",
                "  java -jar vitwatt-reports.jar report night1.json night2.json --catalog --accuracy measured",
                "  java -jar vitwatt-reports.jar report night.json --latency-target 20"})
final class ReportCommand implements Callable<Integer> {
    /** What SAM's energy E is. */
    enum SamEnergy {
        total, above_idle
    }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "JMH JSON result files (and/or journals, *.jsonl).")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "report",
            description = "Directory to write into, created if needed; files of the same name are replaced "
                    + "(default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--catalog", description = "List every catalog model in the NetScore table, not only those in "
            + "the results.")
    boolean catalog;

    @Option(names = "--accuracy", paramLabel = "SOURCE", defaultValue = "published",
            description = "Top-1 that NetScore uses: published (the catalog's ImageNet-1K top-1, the paper's "
                    + "stage 1) or measured (the results' top-1 where there is one: ImageNet and FP32 preferred; "
                    + "published otherwise). Default: ${DEFAULT-VALUE}.")
    ReportOptions.AccuracySource accuracy;

    @Option(names = "--device", paramLabel = "[FILE=]LABEL",
            description = "Device label of the results of FILE (repeat per file), or of every file when FILE= is "
                    + "left out. Overrides the journal's device.host; without either the device is \"unknown "
                    + "device\".")
    List<String> devices = new ArrayList<>();

    @Option(names = "--journal", paramLabel = "FILE=JOURNAL",
            description = "The journal of FILE when it is not FILE's X.journal.jsonl beside it.")
    List<String> journals = new ArrayList<>();

    @Option(names = "--sam-energy", paramLabel = "total|above_idle", defaultValue = "total",
            description = "Energy per image that SAM divides by: total (as the paper's measurements) or "
                    + "above_idle. Default: ${DEFAULT-VALUE}.")
    SamEnergy samEnergy;

    @Option(names = "--threshold", paramLabel = "PCT", defaultValue = "0%",
            description = "Smallest relative change that a faster/cheaper/higher claim must exceed, besides "
                    + "non-overlapping 99.9 %% confidence intervals, e.g. 5%% (default: ${DEFAULT-VALUE}).")
    String threshold;

    @Option(names = "--latency-target", paramLabel = "MS",
            description = "Latency per image (ms) the recommendation must meet: adds the best SAM5 among the "
                    + "configurations whose mean latency per image is at most MS.")
    Double latencyTarget;

    @Option(names = "--plans", paramLabel = "FILE",
            description = "The plans.json of benchmarks.jar search: adds its sensitivity and Pareto-plans tables, "
                    + "with the latency and energy the results measured for each plan. Default: plans.json beside "
                    + "the first FILE, when there is one.")
    Path plans;

    @Option(names = "--format", split = ",", paramLabel = "FORMAT",
            description = "What to write: md, csv, json, html, plots (comma-separated; default: all).")
    List<String> formats = new ArrayList<>();

    @Option(names = "--max-plots", paramLabel = "N", defaultValue = "12",
            description = "Most plots drawn; more are listed as omitted (default: ${DEFAULT-VALUE}).")
    int maxPlots;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "500",
            description = "Most rows per table in report.md and index.html; CSV and report.json always have every "
                    + "row (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--max-tables", paramLabel = "N", defaultValue = "100",
            description = "Most tables per kind (e.g. SAM tables) in report.md and index.html; CSV and report.json "
                    + "always have every table (default: ${DEFAULT-VALUE}).")
    int maxTables;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "vitwatt report",
            description = "Title of report.md and index.html (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = {"-q", "--quiet"}, description = "Print warnings only, not notes.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter e = spec.commandLine().getErr();
        Set<ReportWriter.Format> fmts = parseFormats(formats);
        double thr = Percent.parse("--threshold", threshold);
        if (maxPlots < 0 || maxRows < 1 || maxTables < 1) {
            throw new InputException(InputException.Kind.BAD_OPTION,
                    "--max-plots must be >= 0, --max-rows and --max-tables >= 1");
        }
        if (latencyTarget != null && !(latencyTarget > 0 && Double.isFinite(latencyTarget))) {
            throw new InputException(InputException.Kind.BAD_OPTION, "--latency-target "
                    + Numbers.compact(latencyTarget) + ": expected milliseconds per image above 0, such as 20");
        }
        DeviceLabels labels = DeviceLabels.parse(devices, files);
        Map<Path, Path> js = JournalChoice.parse(journals, files);
        ResultLoader.Loaded loaded = ResultLoader.load(files, labels, js);
        Optional<SearchPlans> searched = plansFile().map(PlansReader::read);
        ReportWriter.prepare(out);
        ReportOptions opts = new ReportOptions(title, catalog, accuracy, samEnergy == SamEnergy.above_idle, thr,
                maxPlots, maxRows, maxTables, latencyTarget == null ? Double.NaN : latencyTarget);
        Report report = new ReportBuilder(opts, new ModelNames(Catalog.standard())).build(loaded, searched);
        for (Diagnostic d : report.diagnostics()) {
            if (d.level() == Diagnostic.Level.WARNING || !quiet) {
                e.println(d);
            }
        }
        List<Path> written;
        try {
            written = ReportWriter.write(report, out, fmts);
        } catch (IOException ex) {
            throw new InputException(InputException.Kind.UNWRITABLE, out + ": cannot write the report: "
                    + IoFailure.describe(out, ex));
        }
        long drawn = report.plots().stream().filter(p -> !(p instanceof PlotData.Missing)).count();
        o.printf(Locale.ROOT, "%d vitwatt result(s) from %d file(s) -> %d benchmark(s) on %d device(s); wrote %d "
                + "file(s) to %s (%d plot(s)%s)%n", report.results(), report.inputs().size(), report.merged().size(),
                report.devices().size(), written.size(), out, drawn,
                report.omittedPlots().isEmpty() ? "" : ", " + report.omittedPlots().size() + " omitted");
        return 0;
    }

    /** {@code --plans}, else plans.json beside the first results file when it exists. */
    private Optional<Path> plansFile() {
        if (plans != null) {
            return Optional.of(plans);
        }
        Path dir = files.get(0).toAbsolutePath().getParent();
        Path beside = dir == null ? null : dir.resolve("plans.json");
        return beside != null && Files.isRegularFile(beside) ? Optional.of(files.get(0).resolveSibling("plans.json"))
                : Optional.empty();
    }

    private Set<ReportWriter.Format> parseFormats(List<String> names) {
        if (names.isEmpty()) {
            return ReportWriter.all();
        }
        Set<ReportWriter.Format> s = EnumSet.noneOf(ReportWriter.Format.class);
        for (String n : names) {
            try {
                s.add(ReportWriter.Format.valueOf(n.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException x) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--format " + n
                        + ": expected md, csv, json, html or plots");
            }
        }
        return s;
    }
}
