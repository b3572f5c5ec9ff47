package org.vitwatt.reports.history.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.reports.analysis.ModelNames;
import org.vitwatt.reports.history.DbUrl;
import org.vitwatt.reports.history.Figure;
import org.vitwatt.reports.history.HistoryDb;
import org.vitwatt.reports.history.Stored;
import org.vitwatt.reports.history.trend.Trend;
import org.vitwatt.reports.history.trend.TrendWriter;
import org.vitwatt.reports.input.InputException;
import org.vitwatt.reports.input.IoFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code trend --metric M --out DIR}: a figure over nights from the history database. */
@Command(name = "trend", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plot a metric over nights from the history database: one point per stored result (x = its "
                + "run's start, y = the metric with its 99.9 %% interval as whiskers), one series per benchmark "
                + "(model, dataset, precision, provider, batch, other params; and device when there are several). "
                + "Writes trend-METRIC.svg, trend-METRIC.png and trend-METRIC.csv (every point) into --out."},
        footerHeading = "%nExamples:%n",
        footer = {"  java -jar vitwatt-reports.jar trend --db history.db --metric latency \\",
                "      --out trend/",
                "  java -jar vitwatt-reports.jar trend --db history.db --metric energy \\",
                "      --model deit_tiny --precision int8 --device tx2-01 --out trend/",
                "  java -jar vitwatt-reports.jar trend --db history.db --metric power.mean \\",
                "      --since 2026-11-01 --out trend/"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:the database failed",
                "2:bad input: an option, a database that cannot be opened, an unwritable --out, or nothing matches"})
public final class TrendCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    /** The environment ($VITWATT_DB, $VITWATT_DB_USER, $VITWATT_DB_PASSWORD). */
    private final Map<String, String> env;

    /** The command in environment {@code env}. */
    public TrendCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Option(names = "--db", paramLabel = "FILE|URL", description = "The history database: a SQLite FILE or a JDBC "
            + "URL. Default: $VITWATT_DB.")
    String db;

    @Option(names = "--metric", paramLabel = "METRIC", required = true, description = "latency (ms per op), energy "
            + "(mJ per image), accuracy (top-1 %%) or any stored metric label (power.mean, memory.peakRss, "
            + "primary.p99, ...).")
    String metric;

    @Option(names = "--model", paramLabel = "MODEL", description = "Only this model (catalog id, alias or the -p "
            + "model value); repeat for several.")
    List<String> models = new ArrayList<>();

    @Option(names = "--precision", paramLabel = "P", description = "Only this precision (fp32, fp16, int8, "
            + "mixed:PLAN).")
    String precision;

    @Option(names = "--device", paramLabel = "LABEL", description = "Only this device.")
    String device;

    @Option(names = "--dataset", paramLabel = "KIND", description = "Only this dataset (synthetic, cifar10, imagenet, "
            + "folder:DIR).")
    String dataset;

    @Option(names = "--provider", paramLabel = "EP", description = "Only this execution provider (cpu, cuda, "
            + "tensorrt).")
    String provider;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "0", description = "Only this batch size.")
    int batch;

    @Option(names = "--since", paramLabel = "DATE", description = "Only runs started on or after DATE (2026-11-01) or "
            + "INSTANT (2026-11-01T00:00:00Z).")
    String since;

    @Option(names = "--max-series", paramLabel = "N", defaultValue = "20", description = "Most series drawn (those with "
            + "most points); the CSV has every one (default: ${DEFAULT-VALUE}).")
    int maxSeries;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "trend", description = "Directory to write into, "
            + "created if needed (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DbUrl url = null;
        try {
            Figure fig = Figure.parse(metric, "--metric", true);
            if (maxSeries < 1) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--max-series " + maxSeries + ": must be >= 1");
            }
            if (batch < 0) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--batch " + batch + ": must be >= 1");
            }
            long sinceMs = Long.MIN_VALUE;
            if (since != null && !since.isBlank()) {
                try {
                    sinceMs = since.contains("T") ? Instant.parse(since.strip()).toEpochMilli()
                            : LocalDate.parse(since.strip()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                } catch (DateTimeParseException e) {
                    throw new InputException(InputException.Kind.BAD_OPTION, "--since " + since + ": expected a date "
                            + "(2026-11-01) or an instant (2026-11-01T00:00:00Z)");
                }
            }
            ModelNames names = new ModelNames(Catalog.standard());
            Set<String> ms = new LinkedHashSet<>();
            for (String m : models) {
                ms.add(m.strip());
                ms.add(names.canonical(m.strip()));
            }
            Trend.Query q = new Trend.Query(fig, List.copyOf(ms), HistoryCli.lower(precision), blank(device),
                    blank(dataset), HistoryCli.lower(provider), batch, sinceMs);
            url = DbUrl.resolve(db, env);
            Trend.Result t;
            List<String> stored = List.of();
            try (HistoryDb h = HistoryDb.open(url, HistoryDb.Mode.EXISTING)) {
                t = Trend.read(h, q);
                if (t.points().isEmpty() && t.skipped().isEmpty() && !fig.standard()) {
                    try {
                        stored = Stored.labels(h.connection());
                    } catch (SQLException e) {
                        throw h.failure("reading the stored metric labels", e);
                    }
                }
            }
            String filters = filters();
            if (t.points().isEmpty() && t.skipped().isEmpty() && !fig.standard() && !stored.contains(fig.name())) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--metric " + metric + ": no such metric in "
                        + url.describe() + ": use latency, energy or accuracy, or a stored label"
                        + (stored.isEmpty() ? " (the database holds no metrics yet)" : ": " + few(stored)));
            }
            if (t.points().isEmpty()) {
                StringBuilder why = new StringBuilder();
                t.skipped().forEach((k, v) -> why.append(why.length() == 0 ? " (" : ", ").append(v).append(' ')
                        .append(k));
                if (why.length() > 0) {
                    why.append(')');
                }
                throw new InputException(InputException.Kind.NO_RESULTS, "--metric " + metric + ": no result in "
                        + url.describe() + (filters.isEmpty() ? "" : " matching " + filters) + " has it" + why
                        + ": nothing to plot");
            }
            if (!t.skipped().isEmpty()) {
                t.skipped().forEach((k, v) -> err.println("note: " + v + " result(s) without " + fig.name() + ": " + k));
            }
            TrendWriter.Written w;
            try {
                w = TrendWriter.write(t, q, out, maxSeries, filters);
            } catch (IOException e) {
                throw new InputException(InputException.Kind.UNWRITABLE, out + ": cannot write the trend: "
                        + IoFailure.describe(out, e));
            }
            if (!w.omitted().isEmpty()) {
                err.println("note: " + w.omitted().size() + " series not drawn (--max-series " + maxSeries + "; they "
                        + "are in the CSV), e.g. " + w.omitted().get(0));
            }
            long runs = t.points().stream().map(p -> p.run().runId()).distinct().count();
            o.printf(Locale.ROOT, "trend of %s: %d point(s) in %d series from %d run(s), %s .. %s; wrote %s to %s%n",
                    fig.name(), t.points().size(), t.series().size(), runs, t.points().get(0).run().started(),
                    t.points().get(t.points().size() - 1).run().started(),
                    String.join(", ", w.files().stream().map(p -> p.getFileName().toString()).toList()), out);
            return 0;
        } catch (Exception e) {
            return HistoryCli.fail(err, e, url);
        }
    }

    /** The first 30 labels, then how many more. */
    private static String few(List<String> labels) {
        return labels.size() <= 30 ? String.join(", ", labels)
                : String.join(", ", labels.subList(0, 30)) + ", … (" + (labels.size() - 30) + " more)";
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private String filters() {
        List<String> f = new ArrayList<>();
        if (!models.isEmpty()) {
            f.add("model " + String.join("|", models));
        }
        add(f, "precision", precision);
        add(f, "device", device);
        add(f, "dataset", dataset);
        add(f, "provider", provider);
        if (batch > 0) {
            f.add("batch " + batch);
        }
        add(f, "since", since);
        return String.join(", ", f);
    }

    private static void add(List<String> f, String k, String v) {
        if (v != null && !v.isBlank()) {
            f.add(k + " " + v.strip());
        }
    }
}
