package org.vitwatt.reports.history;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vitwatt.reports.Fixtures;
import org.vitwatt.reports.cli.ReportsCli;
import org.vitwatt.reports.input.Journal;
import org.vitwatt.results.JournalFiles;

/** Nights of results derived from the real fixture, written as JMH JSON plus a journal, and CLI runs. */
public final class HistoryFixtures {
    private HistoryFixtures() {
    }

    /** A command line's exit code and output. */
    public record Run(int code, String out, String err) {
    }

    /** A command line run in an empty environment (no $VITWATT_DB of the machine running the tests). */
    public static Run cli(String... args) {
        return cli(Map.of(), args);
    }

    /** A command line run with {@code env} as its environment ($VITWATT_DB, $VITWATT_DB_PASSWORD, ...). */
    public static Run cli(Map<String, String> env, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = ReportsCli.run(args, new PrintWriter(o), new PrintWriter(e), env);
        return new Run(code, o.toString(), e.toString());
    }

    /**
     * The real fixture's 4 results (deit_tiny and deit_small, batch 1 and 2), each with latency = the fixture's ×
     * {@code factor} and a 99.9 % half-width of {@code relErr} × latency, changed further by {@code edit}.
     */
    public static List<JsonObject> results(double factor, double relErr, Consumer<JsonObject> edit) {
        List<JsonObject> rs = Fixtures.real();
        for (JsonObject r : rs) {
            double ms = r.getAsJsonObject("primaryMetric").get("score").getAsDouble() * factor;
            Fixtures.latency(r, ms, ms * relErr);
            if (edit != null) {
                edit.accept(r);
            }
        }
        return rs;
    }

    /** Writes {@code NAME.json} and its journal {@code NAME.journal.jsonl} (run id, host, start) into dir. */
    public static Path night(Path dir, String name, String runId, String host, String started, List<JsonObject> rs) {
        Path json = Fixtures.write(dir.resolve(name + ".json"), rs);
        List<String> lines = new ArrayList<>(Fixtures.journalLines(runId, host, rs));
        JsonObject run = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        run.addProperty("started", started);
        run.addProperty("git", "c0mm1t" + runId.hashCode() % 100);
        lines.set(0, run.toString());
        try {
            Files.write(JournalFiles.besideResult(json), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json;
    }

    /** Counts the rows of a table. */
    public static long count(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
