package org.vitwatt.reports.input;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One element of JMH's JSON result array (or of a journal {@code benchmark} line's {@code result}), with where it
 * was read and the run and device it belongs to.
 *
 * @param benchmark  fully qualified benchmark method, e.g. {@code org.vitwatt.bench.InferenceBenchmark.infer}
 * @param mode       JMH mode: avgt, thrpt, sample, ss
 * @param forks      forks JMH ran
 * @param jmhVersion JMH version that wrote it ("" when absent)
 * @param params     every {@code -p} value, as strings, sorted by name
 * @param primary    the primary metric (latency or throughput per operation = one batch)
 * @param secondary  secondary metrics by label (docs/results-format.md)
 * @param file       the file it was read from (a JMH JSON or a journal)
 * @param line       line of that file where the result starts (1-based)
 * @param run        the journal's run record, {@link RunInfo#NONE} when none
 * @param device     the device it ran on
 */
public record BenchmarkResult(String benchmark, String mode, int forks, String jmhVersion,
        SortedMap<String, String> params, Metric primary, Map<String, Metric> secondary, Path file, int line,
        RunInfo run, DeviceInfo device) {
    public BenchmarkResult {
        params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
        secondary = Map.copyOf(secondary);
    }

    public String param(String name) {
        return params.getOrDefault(name, "");
    }

    public Optional<Metric> metric(String label) {
        return Optional.ofNullable(secondary.get(label));
    }

    /** The same result attributed to another run and device. */
    public BenchmarkResult with(RunInfo r, DeviceInfo d) {
        return new BenchmarkResult(benchmark, mode, forks, jmhVersion, params, primary, secondary, file, line, r, d);
    }

    /** The same result read at another line of its file. */
    public BenchmarkResult atLine(int l) {
        return new BenchmarkResult(benchmark, mode, forks, jmhVersion, params, primary, secondary, file, l, run, device);
    }

    /** Identity of the benchmark within one run: benchmark, mode and params (used to join JSON and journal). */
    public String identity() {
        return benchmark + "|" + mode + "|" + params;
    }

    /** "file:line", for messages. */
    public String where() {
        return file + ":" + line;
    }
}
