package org.vitwatt.bench.journal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.vitwatt.bench.output.ForwardingOutputFormat;
import org.vitwatt.bench.MeasuredResult;
import org.vitwatt.results.RecordType;

/**
 * JMH's console output, unchanged, plus the journal: every finished iteration is appended as it arrives
 * (JMH relays a fork's results to the launching JVM as each iteration ends), and every finished benchmark —
 * in exactly the form JMH's JSON gives it — is appended and forced to disk before JMH moves on, long
 * before JMH writes its own JSON at the end of the run. If the journal cannot be written (disk full, file
 * removed) that is said once on stderr and the run goes on, printing its results as usual.
 */
public final class JournalingOutputFormat extends ForwardingOutputFormat {
    private final Journal journal;
    private final String runId;
    private final PrintStream err;
    private boolean failed;
    private boolean warmupFork;
    private int fork;
    private int benchmarks;
    private final List<List<IterationResult>> forks = new ArrayList<>();

    public JournalingOutputFormat(OutputFormat delegate, Journal journal, String runId, PrintStream err) {
        super(delegate);
        this.journal = journal;
        this.runId = runId;
        this.err = err;
    }

    /** Number of benchmarks journaled so far. */
    public int benchmarks() {
        return benchmarks;
    }

    private void append(JsonObject record, boolean sync) {
        if (failed) {
            return;
        }
        try {
            journal.append(record);
            if (sync) {
                journal.sync();
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            err.println("vitwatt: cannot write the journal " + journal.file() + " (" + e.getMessage() + "): the run "
                    + "goes on without it; the " + benchmarks + " benchmark(s) journaled so far are kept there");
        }
    }

    @Override
    public void startBenchmark(BenchmarkParams benchParams) {
        forks.clear();
        fork = 0;
        super.startBenchmark(benchParams);
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration,
            IterationResult data) {
        super.iterationResult(benchParams, params, iteration, data);
        boolean warmup = params.getType() == IterationType.WARMUP;
        if (iteration == 1 && (warmup || benchParams.getWarmup().getCount() == 0)) {
            fork++;
            if (!warmupFork) {
                forks.add(new ArrayList<>());
            }
        }
        if (!warmup && !warmupFork && !forks.isEmpty()) {
            forks.get(forks.size() - 1).add(data);
        }
        JsonObject r = new JsonObject();
        r.addProperty(RecordType.FIELD, RecordType.ITERATION.id());
        r.addProperty("runId", runId);
        r.addProperty("benchmark", benchParams.getBenchmark());
        r.addProperty("mode", benchParams.getMode().shortLabel());
        r.add("params", params(benchParams));
        r.addProperty("fork", fork);
        r.addProperty("warmupFork", warmupFork);
        r.addProperty("iteration", iteration);
        r.addProperty("warmup", warmup);
        r.addProperty("time", Instant.now().toString());
        r.add("primary", score(data.getPrimaryResult()));
        JsonObject sec = new JsonObject();
        for (Map.Entry<String, Result> e : data.getSecondaryResults().entrySet()) {
            sec.add(e.getKey(), score(e.getValue()));
        }
        r.add("secondary", sec);
        append(r, false);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        if (result != null && !forks.isEmpty()) {
            BenchmarkParams p = result.getParams();
            List<BenchmarkResult> perFork = new ArrayList<>();
            for (List<IterationResult> f : forks) {
                if (!f.isEmpty()) {
                    perFork.add(new BenchmarkResult(p, f));
                }
            }
            if (!perFork.isEmpty()) {
                JsonObject r = new JsonObject();
                r.addProperty(RecordType.FIELD, RecordType.BENCHMARK.id());
                r.addProperty("runId", runId);
                r.addProperty("benchmark", p.getBenchmark());
                r.addProperty("mode", p.getMode().shortLabel());
                r.add("params", params(p));
                r.addProperty("time", Instant.now().toString());
                r.add("result", jmhJson(new RunResult(p, perFork)));
                benchmarks++;
                append(r, true);
            }
        }
        super.endBenchmark(result);
    }

    /** The benchmark rendered by JMH's own JSON writer: one element of the array JMH's {@code -rf json} writes. */
    public static JsonObject jmhJson(RunResult result) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(List.of(result));
        }
        JsonArray a = JsonParser.parseString(buf.toString(StandardCharsets.UTF_8)).getAsJsonArray();
        return a.get(0).getAsJsonObject();
    }

    private static JsonObject params(BenchmarkParams p) {
        JsonObject o = new JsonObject();
        for (String k : p.getParamsKeys()) {
            o.addProperty(k, p.getParam(k));
        }
        return o;
    }

    private static JsonObject score(Result r) {
        JsonObject o = new JsonObject();
        double s = r.getScore();
        if (Double.isFinite(s)) {
            o.addProperty("score", s);
        }
        o.addProperty("unit", r.getScoreUnit());
        if (r instanceof MeasuredResult m && !m.note().isEmpty()) {
            o.addProperty("note", m.note());
        }
        return o;
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        JsonObject r = new JsonObject();
        r.addProperty(RecordType.FIELD, RecordType.END.id());
        r.addProperty("runId", runId);
        r.addProperty("finished", Instant.now().toString());
        r.addProperty("benchmarks", benchmarks);
        append(r, true);
        super.endRun(result);
    }

    @Override
    public void println(String s) {
        if (s.startsWith("# Warmup Fork:")) {
            warmupFork = true;
        } else if (s.startsWith("# Fork:")) {
            warmupFork = false;
        }
        super.println(s);
    }

}
