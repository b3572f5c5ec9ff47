package org.vitwatt.reports.input;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.vitwatt.reports.input.json.JsonPullReader.Token;
import org.vitwatt.reports.input.json.JsonPullReader;
import org.vitwatt.results.JournalLines;
import org.vitwatt.results.RecordType;

/**
 * A vitwatt journal (JSON Lines, docs/results-format.md) as read: its {@code run} records (device, versions),
 * its {@code benchmark} lines (each carrying one JMH result object) and what was wrong with it. A line that does
 * not parse — the last line of a crashed run may be half-written — is skipped with a warning naming the file and
 * line number; {@code iteration} lines only serve to notice benchmarks that never finished.
 *
 * @param file        the journal
 * @param runs        run records by run id, in file order
 * @param devices     the device of each run id
 * @param results     the results of the {@code benchmark} lines, with their run and device
 * @param diagnostics skipped lines, unfinished benchmarks, runs without an end record
 */
public record Journal(Path file, Map<String, RunInfo> runs, Map<String, DeviceInfo> devices,
        List<BenchmarkResult> results, List<Diagnostic> diagnostics) {

    /** The device of a run, unknown when the journal has no record of it. */
    public DeviceInfo device(String runId) {
        return devices.getOrDefault(runId, DeviceInfo.unknown());
    }

    /** The run record of a run id, {@link RunInfo#NONE} when absent. */
    public RunInfo run(String runId) {
        return runs.getOrDefault(runId, RunInfo.NONE);
    }

    /** Reads a journal. */
    public static Journal read(Path file) throws InputException {
        Map<String, RunInfo> runs = new LinkedHashMap<>();
        Map<String, DeviceInfo> devices = new LinkedHashMap<>();
        List<BenchmarkResult> results = new ArrayList<>();
        List<String> resultRuns = new ArrayList<>();
        List<Diagnostic> diags = new ArrayList<>();
        Set<String> ended = new LinkedHashSet<>();
        Map<String, String> iterated = new LinkedHashMap<>(); // runId|identity -> description
        Set<String> finished = new LinkedHashSet<>();
        JournalLines<Line> lines;
        try {
            lines = JournalLines.read(file, (text, n) -> parseLine(text, file, n));
        } catch (NoSuchFileException e) {
            throw new InputException(InputException.Kind.UNREADABLE, file + ": no such file");
        } catch (JournalLines.NotText e) {
            throw new InputException(InputException.Kind.NOT_JSON, file + ":" + e.line()
                    + ": not a journal: not UTF-8 text");
        } catch (IOException e) {
            throw new InputException(InputException.Kind.UNREADABLE, file + ": cannot read: " + e.getMessage());
        }
        lines.warnings().forEach(w -> diags.add(Diagnostic.warning(w)));
        for (JournalLines.Numbered<Line> numbered : lines.records()) {
            Line l = numbered.record();
            Optional<RecordType> type = RecordType.of(l.type);
            if (type.isEmpty()) {
                continue; // a record type this reader does not know (a newer writer): ignored
            }
            switch (type.get()) {
                case RUN -> {
                    runs.put(l.runId, new RunInfo(l.runId, l.started, l.vitwatt, l.git, l.ort, l.jmh, file));
                    if (!l.device.isEmpty()) {
                        String host = l.device.getOrDefault("host", "");
                        devices.put(l.runId, new DeviceInfo(host.isBlank() ? DeviceInfo.UNKNOWN : host,
                                "journal " + file, l.device));
                    }
                }
                case BENCHMARK -> {
                    results.add(l.result);
                    resultRuns.add(l.runId);
                    finished.add(l.runId + "|" + l.result.benchmark() + "|" + l.result.params());
                }
                case ITERATION -> iterated.putIfAbsent(l.runId + "|" + l.benchmark + "|" + l.params,
                        l.benchmark.replaceFirst(".*\\.", "") + " " + l.params);
                case END -> ended.add(l.runId);
            }
        }
        if (lines.nothingParsed()) {
            throw new InputException(InputException.Kind.NOT_JSON, file + ": not a vitwatt journal: none of its "
                    + lines.lines() + " line(s) is a JSON object");
        }
        for (int i = 0; i < results.size(); i++) {
            String runId = resultRuns.get(i);
            results.set(i, results.get(i).with(runs.getOrDefault(runId, new RunInfo(runId, "", "", "", "", "", file)),
                    devices.getOrDefault(runId, DeviceInfo.unknown())));
        }
        int unfinished = 0;
        String example = "";
        for (Map.Entry<String, String> e : iterated.entrySet()) {
            if (!finished.contains(e.getKey())) {
                if (unfinished++ == 0) {
                    example = e.getValue();
                }
            }
        }
        if (unfinished > 0) {
            diags.add(Diagnostic.warning(file + ": " + unfinished + " benchmark(s) have iterations but never finished"
                    + " (e.g. " + example + "); they are not reported"));
        }
        for (String runId : runs.keySet()) {
            if (!ended.contains(runId)) {
                diags.add(Diagnostic.note(file + ": run " + runId + " has no end record (crashed or still running);"
                        + " its finished benchmarks are reported"));
            }
        }
        return new Journal(file, runs, devices, results, diags);
    }

    /** The fields of one journal line this reader uses. */
    private static final class Line {
        String type = "";
        String runId = "";
        String started = "";
        String vitwatt = "";
        String git = "";
        String ort = "";
        String jmh = "";
        String benchmark = "";
        Map<String, String> device = new TreeMap<>();
        Map<String, String> params = new TreeMap<>();
        BenchmarkResult result;
    }

    private static Line parseLine(String text, Path file, int lineNo) throws IOException, InputException {
        JsonPullReader r = JsonPullReader.of(text);
        Line l = new Line();
        r.beginObject();
        while (r.hasNext()) {
            String name = r.nextName();
            switch (name) {
                case RecordType.FIELD -> l.type = r.nextString();
                case "runId" -> l.runId = r.nextString();
                case "started" -> l.started = r.nextString();
                case "vitwatt" -> l.vitwatt = r.nextString();
                case "git" -> l.git = r.nextString();
                case "ort" -> l.ort = r.nextString();
                case "jmh" -> l.jmh = r.nextString();
                case "benchmark" -> l.benchmark = r.nextString();
                case "device" -> readStrings(r, l.device);
                case "params" -> readStrings(r, l.params);
                case "result" -> l.result = JmhResultReader.read(r, file, 0, lineNo);
                default -> r.skipValue();
            }
        }
        r.endObject();
        if (r.peek() != Token.END_DOCUMENT) {
            throw new IOException("more than one JSON value on the line");
        }
        if (l.type.equals(RecordType.BENCHMARK.id()) && l.result == null) {
            throw new InputException(InputException.Kind.NOT_JMH, "a benchmark line without \"result\"");
        }
        return l;
    }

    private static void readStrings(JsonPullReader r, Map<String, String> into) throws IOException {
        r.beginObject();
        while (r.hasNext()) {
            String k = r.nextName();
            Token t = r.peek();
            if (t == Token.STRING || t == Token.NUMBER) {
                into.put(k, r.nextString());
            } else if (t == Token.BOOLEAN) {
                into.put(k, Boolean.toString(r.nextBoolean()));
            } else {
                r.skipValue();
            }
        }
        r.endObject();
    }
}
