package org.vitwatt.reports.history.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.reports.analysis.ModelNames;
import org.vitwatt.reports.history.DbUrl;
import org.vitwatt.reports.history.HistoryDb;
import org.vitwatt.reports.history.ingest.IngestRows;
import org.vitwatt.reports.history.ingest.RowWriter;
import org.vitwatt.reports.history.ingest.Rows;
import org.vitwatt.reports.input.DeviceLabels;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.InputException;
import org.vitwatt.reports.input.JournalChoice;
import org.vitwatt.reports.input.ResultLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code ingest FILE… --db URL}: appends results to the history database, idempotently. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Append every result of the files to the history database, with its run (id, start, git commit, "
                + "vitwatt / ONNX Runtime / JMH versions), device, model, dataset, precision, provider, batch, "
                + "energy sensor and every metric (score, error, 99.9 %% interval, unit, runs).",
                "",
                "A FILE is JMH's JSON (its journal X.journal.jsonl beside X.json is read too) or a journal (*.jsonl). "
                        + "Idempotent: a result is keyed by its run id and benchmark (method, mode, every param), "
                        + "so ingesting a run again adds nothing; a file without a journal gets the run id "
                        + "sha256:<first 16 hex digits of its content>. Each FILE is one transaction; every FILE "
                        + "is read before anything is written."},
        footerHeading = "%nExamples:%n",
        footer = {"  java -jar vitwatt-reports.jar ingest results.json --db history.db",
                "  java -jar vitwatt-reports.jar ingest night/run-*.json --tag 2026-11-24 \\",
                "      --db history.db",
                "  VITWATT_DB_PASSWORD=... java -jar vitwatt-reports.jar ingest results.json \\",
                "      --db 'jdbc:postgresql://db.lab:5432/vitwatt?user=vitwatt'"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ingested (or already there)", "1:the database failed",
                "2:bad input: a file, an option, or a database that cannot be opened"})
public final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    /** The environment ($VITWATT_DB, $VITWATT_DB_USER, $VITWATT_DB_PASSWORD). */
    private final Map<String, String> env;

    /** The command in environment {@code env}. */
    public IngestCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "JMH JSON result files and/or journals (*.jsonl).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--db", paramLabel = "FILE|URL", description = "The history database: a SQLite FILE (created if "
            + "needed; = jdbc:sqlite:FILE) or any JDBC URL (jdbc:postgresql://HOST:PORT/DB?user=U&password=P). "
            + "Default: $VITWATT_DB. Credentials may also come from $VITWATT_DB_USER / $VITWATT_DB_PASSWORD.")
    String db;

    @Option(names = "--journal", paramLabel = "[FILE=]JOURNAL", description = "The journal of FILE when it is not "
            + "X.journal.jsonl beside X.json (plain JOURNAL when only one FILE is given).")
    List<String> journals = new ArrayList<>();

    @Option(names = "--device", paramLabel = "[FILE=]LABEL", description = "Device label of FILE's results (or of "
            + "every file): overrides the journal's device.host; without either it is \"unknown device\".")
    List<String> devices = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "NAME", description = "Tag every run of this ingest (e.g. the night: "
            + "2026-11-24); compare's tag:NAME, latest and previous treat the runs of one tag as one set. A run "
            + "keeps the tag it was first ingested with.")
    String tag;

    @Option(names = {"-q", "--quiet"}, description = "Print warnings only, not notes.")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DbUrl url = null;
        try {
            url = DbUrl.resolve(db, env);
            if (tag != null && tag.isBlank()) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--tag: empty; give a name such as the "
                        + "night's date, or leave --tag out");
            }
            List<String> js = new ArrayList<>();
            for (String j : journals) {
                Path only = files.size() == 1 ? files.get(0) : null;
                if (only != null && !j.startsWith(only + "=") && !(only.getFileName() != null
                        && j.startsWith(only.getFileName() + "="))) {
                    js.add(only + "=" + j); // plain JOURNAL: the journal of the one FILE
                } else {
                    js.add(j);
                }
            }
            DeviceLabels labels = DeviceLabels.parse(devices, files);
            Map<Path, Path> journalOf = JournalChoice.parse(js, files);
            ModelNames names = new ModelNames(Catalog.standard());
            Instant now = Instant.now();
            // read every file first: bad input stops the ingest before anything is written
            List<Rows.Prepared> prepared = new ArrayList<>();
            int empty = 0;
            for (Path f : files) {
                Map<Path, Path> one = new HashMap<>();
                Path key = f.toAbsolutePath().normalize();
                if (journalOf.containsKey(key)) {
                    one.put(key, journalOf.get(key));
                }
                ResultLoader.Loaded loaded;
                try {
                    loaded = ResultLoader.load(List.of(f), labels, one);
                } catch (InputException e) {
                    if (e.kind() == InputException.Kind.NO_RESULTS || e.kind() == InputException.Kind.EMPTY) {
                        err.println("warning: " + e.getMessage() + " (nothing ingested from it)");
                        empty++;
                        continue;
                    }
                    throw e;
                }
                print(err, loaded.diagnostics());
                Rows.Prepared p = IngestRows.prepare(f, loaded.results(), tag == null ? null : tag.strip(), names, now);
                print(err, p.diagnostics());
                prepared.add(p);
            }
            if (prepared.isEmpty()) {
                throw new InputException(InputException.Kind.NO_RESULTS, String.join(", ", files.stream()
                        .map(Path::toString).toList()) + ": no vitwatt results to ingest");
            }
            long t0 = System.nanoTime();
            Rows.Stats total = Rows.Stats.ZERO;
            Map<String, int[]> perRun = new LinkedHashMap<>();
            Map<String, Rows.RunRow> runs = new LinkedHashMap<>();
            String schema = "";
            try (HistoryDb h = HistoryDb.open(url, HistoryDb.Mode.CREATE)) {
                if (h.migratedFrom() != h.schemaVersion()) {
                    schema = h.migratedFrom() == 0 ? "; created schema version " + h.schemaVersion()
                            : "; schema migrated from version " + h.migratedFrom() + " to " + h.schemaVersion();
                }
                for (Rows.Prepared p : prepared) {
                    total = total.plus(RowWriter.write(h, p));
                    p.runs().forEach(r -> runs.putIfAbsent(r.runId(), r));
                    p.results().forEach(r -> perRun.computeIfAbsent(r.runId(), k -> new int[1])[0]++);
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            for (Rows.RunRow r : runs.values()) {
                out.printf(Locale.ROOT, "run %s: %s, started %s, %d result(s)%s%n", r.runId(), r.device(), r.started(),
                        perRun.getOrDefault(r.runId(), new int[1])[0], r.tag() == null ? "" : ", tag " + r.tag());
            }
            out.printf(Locale.ROOT, "ingested %d file(s) into %s: %d result(s) new, %d already there; %d run(s) new, "
                    + "%d known; %d metric row(s) (%.2f s)%s%s%n", prepared.size(), url.describe(), total.resultsNew(),
                    total.resultsKnown(), total.runsNew(), total.runsKnown(), total.metricsNew(), s,
                    empty > 0 ? "; " + empty + " file(s) without results" : "", schema);
            return 0;
        } catch (Exception e) {
            return HistoryCli.fail(err, e, url);
        }
    }

    private void print(PrintWriter err, List<Diagnostic> ds) {
        for (Diagnostic d : ds) {
            if (d.level() == Diagnostic.Level.WARNING || !quiet) {
                err.println(d);
            }
        }
    }
}
