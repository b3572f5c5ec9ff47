package org.vitwatt.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.ProfilersFailedException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.vitwatt.bench.journal.Journal;
import org.vitwatt.bench.journal.JournalReader;
import org.vitwatt.bench.journal.JournalingOutputFormat;
import org.vitwatt.bench.journal.Matrix;
import org.vitwatt.bench.journal.NarrowedOptions;
import org.vitwatt.bench.journal.RunRecord;
import org.vitwatt.core.sys.DeviceRecord;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.results.JournalFiles;
import org.vitwatt.results.Params;

/**
 * Runs JMH as {@code org.openjdk.jmh.Main} does — same options, same console output, same exit codes — with
 * the journal attached ({@code -Dvitwatt.journal=FILE|off}) and, with {@code -Dvitwatt.resume=true|FILE},
 * only the matrix cells that journal does not already hold, merging old and new results into the JSON file.
 */
final class Launcher {
    /** System property naming the journal file, or "off". */
    static final String JOURNAL = "vitwatt.journal";
    /** System property: "true" to resume from the journal, or the path of the journal to resume from. */
    static final String RESUME = "vitwatt.resume";

    private Launcher() {
    }

    /** The journal: {@code -Dvitwatt.journal}, else beside the JMH output ({@link JournalFiles}); null when off. */
    static Path journalPath(CommandLineOptions opts) {
        String prop = System.getProperty(JOURNAL);
        if (prop != null && !prop.isBlank()) {
            return prop.equalsIgnoreCase("off") ? null : Path.of(prop);
        }
        return JournalFiles.forRun(opts.getResult().hasValue() ? Optional.of(opts.getResult().get())
                : Optional.empty(), opts.getResultFormat().hasValue());
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLineOptions opts;
        try {
            opts = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            err.println("Error parsing command line:");
            err.println(" " + e.getMessage());
            return 1;
        }
        try {
            if (opts.shouldHelp()) {
                opts.showHelp();
                return 0;
            }
            if (opts.shouldListProfilers()) {
                opts.listProfilers();
                return 0;
            }
            if (opts.shouldListResultFormats()) {
                opts.listResultFormats();
                return 0;
            }
        } catch (IOException e) {
            err.println("vitwatt: " + e.getMessage());
            return 1;
        }
        OutputFormat console = OutputFormatFactory.createFormatInstance(out, opts.verbosity()
                .orElse(Defaults.VERBOSITY));
        if (opts.shouldList() || opts.shouldListWithParams()) {
            Runner runner = new Runner(opts, console);
            if (opts.shouldList()) {
                runner.list();
            } else {
                runner.listWithParams(opts);
            }
            Main.printModels(out);
            return 0;
        }
        boolean profilerHelp = opts.getProfilers().stream().anyMatch(p -> p.getOpts() != null
                && p.getOpts().trim().equalsIgnoreCase("help"));
        int pre = profilerHelp ? 0 : Main.preflight(args, err); // help builds nothing
        if (pre != 0) {
            return pre;
        }
        Path journalFile = journalPath(opts);
        String resume = System.getProperty(RESUME);
        Path resumeFrom = resume == null || resume.isBlank() || resume.equalsIgnoreCase("false") ? null
                : resume.equalsIgnoreCase("true") ? journalFile : Path.of(resume);
        if (resumeFrom != null && !Files.isRegularFile(resumeFrom)) {
            err.println("vitwatt: -D" + RESUME + "=" + resume + ": no journal at " + resumeFrom
                    + " (give the journal of the run to resume, or drop -D" + RESUME + ")");
            return 2;
        }
        if (resumeFrom != null && opts.getResultFormat().hasValue()
                && opts.getResultFormat().get() != ResultFormatType.JSON) {
            err.println("vitwatt: a resumed run merges old and new results as JSON: use -rf json");
            return 2;
        }
        Journal journal = null;
        if (journalFile != null) {
            try {
                journal = Journal.open(journalFile);
            } catch (IOException e) {
                err.println("vitwatt: cannot open the journal " + journalFile + " (" + e.getMessage() + "): give a "
                        + "writable -D" + JOURNAL + "=FILE, or -D" + JOURNAL + "=off to run without one");
                return 2;
            }
        }
        // which libonnxruntime runs (one stderr line), library versions, GPU and Jetson state: docs/gpu.md
        Map<String, String> device = new LinkedHashMap<>(profilerHelp ? Map.of() : DeviceRecord.forRun(
                opts.getParameter(Params.PROVIDER).orElse(List.of(Params.DEFAULT_PROVIDER)), Edge.nvmlLib(),
                Progress.prefixed(Main.PREFIX, err)));
        // clocks a killed earlier run left held (-p gpuClock / cpuClock): put back before anything is measured
        List<String> restored = restoreClocks(err);
        if (!restored.isEmpty()) {
            device.put(DeviceRecord.CLOCKS_RESTORED, String.join("; ", restored));
        }
        Instant started = Instant.now();
        String runId = RunRecord.newRunId(started);
        FailureWatch watch = new FailureWatch(console);
        OutputFormat format = watch;
        try {
            if (journal != null) {
                journal.append(RunRecord.of(runId, started, List.of(args), device));
                format = new JournalingOutputFormat(watch, journal, runId, err);
            }
            if (resumeFrom == null) {
                new Runner(opts, format).run();
            } else {
                resume(opts, format, resumeFrom, err);
            }
            return failed(watch.failures(), err);
        } catch (NoBenchmarksException e) {
            err.println("No matching benchmarks. Miss-spelled regexp?");
            return 1;
        } catch (ProfilersFailedException e) {
            for (Throwable ex = e; ex != null; ex = ex.getCause()) {
                err.println(ex.getMessage());
            }
            return 1;
        } catch (RunnerException e) {
            err.println("vitwatt: " + refused(e));
            return 1;
        } catch (IOException e) {
            err.println("vitwatt: " + e.getMessage());
            return 1;
        } finally {
            if (journal != null) {
                try {
                    journal.close();
                } catch (IOException e) {
                    err.println("vitwatt: closing the journal " + journalFile + ": " + e.getMessage());
                }
            }
        }
    }

    /**
     * Puts back the clocks that runs which have ended left held ({@link DeviceRecord#clockControl}), saying so on
     * {@code err} one line each; returns the lines. A failure is said and the run goes on.
     */
    static List<String> restoreClocks(PrintStream err) {
        try {
            List<String> said = DeviceRecord.clockControl(Edge.nvmlLib()).restoreLeftovers();
            said.forEach(l -> err.println(Main.PREFIX + l));
            return said;
        } catch (VitwattException e) {
            err.println(Main.PREFIX + e.getMessage());
            return List.of();
        }
    }

    /** {@code benchmarks.jar --restore}: only that, then 0, or 1 when something could not be put back. */
    static int restoreOnly(PrintStream out, PrintStream err) {
        try {
            List<String> said = DeviceRecord.clockControl(Edge.nvmlLib()).restoreLeftovers();
            said.forEach(l -> out.println(Main.PREFIX + l));
            if (said.isEmpty()) {
                out.println(Main.PREFIX + "no clock left changed by an earlier run");
            }
            return 0;
        } catch (VitwattException e) {
            err.println(Main.PREFIX + e.getMessage());
            return 1;
        }
    }

    /**
     * 0 when every benchmark produced a result; else one line per failed benchmark on stderr (JMH printed its stack
     * trace above) and 1, so a script or CI sees that the run is incomplete.
     */
    static int failed(List<FailureWatch.Failure> failures, PrintStream err) {
        for (FailureWatch.Failure f : failures) {
            err.println("vitwatt: " + f.benchmark() + " failed: " + f.reason());
        }
        if (!failures.isEmpty()) {
            err.println("vitwatt: " + failures.size() + " benchmark(s) failed and have no result; the others' results "
                    + "were written");
        }
        return failures.isEmpty() ? 0 : 1;
    }

    /**
     * JMH's reason for refusing to run, as one line: its messages (a cause's after the exception's own) without the
     * {@code ERROR: } JMH puts before some of them — for example another JMH run holding the machine's lock.
     */
    static String refused(RunnerException e) {
        StringBuilder line = new StringBuilder("JMH did not run:");
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            m = m.startsWith("ERROR: ") ? m.substring("ERROR: ".length()) : m;
            if (line.indexOf(m) < 0) {
                line.append(' ').append(m.replace('\n', ' '));
            }
        }
        return line.toString();
    }

    /** Runs the cells the journal lacks, one narrowed JMH run each, then writes old and new results as one JSON. */
    private static void resume(CommandLineOptions opts, OutputFormat format, Path from, PrintStream err)
            throws RunnerException, IOException {
        JournalReader old = JournalReader.read(from);
        old.warnings().forEach(w -> err.println("vitwatt: " + w));
        Map<String, JsonObject> done = old.finished();
        List<Matrix.Cell> cells = Matrix.cells(opts, format);
        List<Matrix.Cell> todo = new ArrayList<>();
        JsonArray merged = new JsonArray();
        for (Matrix.Cell c : cells) {
            JsonObject prior = done.get(c.key());
            if (prior != null) {
                merged.add(prior.getAsJsonObject("result"));
            } else {
                todo.add(c);
            }
        }
        err.println("vitwatt: resuming from " + from + ": " + (cells.size() - todo.size()) + " of " + cells.size()
                + " benchmark(s) already done, " + todo.size() + " to run");
        for (Matrix.Cell c : todo) {
            Options narrowed = new NarrowedOptions(opts, "^" + Pattern.quote(c.benchmark()) + "$", c.mode(),
                    c.params());
            for (RunResult r : new Runner(narrowed, format).run()) {
                merged.add(JournalingOutputFormat.jmhJson(r));
            }
        }
        if (opts.getResult().hasValue() || opts.getResultFormat().hasValue()) {
            Path result = Path.of(opts.getResult().orElse("jmh-result.json"));
            Files.writeString(result, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
                    .serializeSpecialFloatingPointValues().create().toJson(merged), StandardCharsets.UTF_8);
            format.println("Benchmark result is saved to " + result + " (" + merged.size() + " results, resumed)");
        }
    }
}
