package org.vitwatt.reports.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.vitwatt.reports.input.json.JsonPullReader.Token;
import org.vitwatt.reports.input.json.JsonPullReader;
import org.vitwatt.reports.input.json.JsonShapeException;

/**
 * Reads one JMH result object — an element of JMH's JSON array, or a journal {@code benchmark} line's
 * {@code result} — from a {@link JsonPullReader}: {@code benchmark}, {@code mode}, {@code forks}, {@code params},
 * {@code primaryMetric} and {@code secondaryMetrics}; every other field is skipped unread. JMH's quoted
 * {@code "NaN"} is read as NaN. What a report never uses is skipped too: raw per-iteration data when there is one
 * fork (its mean is the score), percentiles outside sample mode; several forks' raw data is reduced to per-fork
 * means as it is read.
 */
final class JmhResultReader {
    private static final double[] NO_FORKS = new double[0];
    private static final JsonPullReader.Names RESULT = new JsonPullReader.Names("benchmark", "mode", "jmhVersion",
            "forks", "params", "primaryMetric", "secondaryMetrics");
    private static final JsonPullReader.Names METRIC = new JsonPullReader.Names("score", "scoreError", "scoreUnit",
            "scoreConfidence", "scorePercentiles", "rawData");

    private JmhResultReader() {
    }

    /**
     * The result at the reader's position, attributed to no run and an unknown device.
     *
     * @param file  where it is read from, for messages and {@link BenchmarkResult#file()}
     * @param index its index in the array, for messages
     * @param line  the line it starts at, for {@link BenchmarkResult#line()}
     */
    static BenchmarkResult read(JsonPullReader r, Path file, int index, int line) throws IOException, InputException {
        if (r.peek() != Token.BEGIN_OBJECT) {
            throw JmhJson.notJmh(file, r, "result " + index + " is " + JsonPullReader.describe(r.peek())
                    + ", not a benchmark result object");
        }
        r.beginObject();
        String benchmark = null;
        String mode = "";
        String jmhVersion = "";
        int forks = 0;
        TreeMap<String, String> params = new TreeMap<>();
        Metric primary = null;
        Map<String, Metric> secondary = new HashMap<>();
        while (r.hasNext()) {
            switch (r.nextName(RESULT)) {
                case 0 -> benchmark = r.nextString();
                case 1 -> mode = r.nextString();
                case 2 -> jmhVersion = r.nextString();
                case 3 -> forks = r.nextInt();
                case 4 -> {
                    r.beginObject();
                    while (r.hasNext()) {
                        String k = r.nextName();
                        if (r.peek() == Token.NULL) {
                            r.nextNull();
                            params.put(k, "");
                        } else {
                            params.put(k, r.nextString());
                        }
                    }
                    r.endObject();
                }
                // JMH writes "mode" and "forks" before the metrics, so what to skip is known when they come
                case 5 -> primary = metric(r, mode.isEmpty() || mode.equals("sample"), forks != 1);
                case 6 -> {
                    r.beginObject();
                    while (r.hasNext()) {
                        String label = r.nextName();
                        secondary.put(label, metric(r, false, forks != 1));
                    }
                    r.endObject();
                }
                default -> r.skipValue();
            }
        }
        r.endObject();
        if (benchmark == null || primary == null) {
            throw new InputException(InputException.Kind.NOT_JMH, file + ":" + line + ": not JMH result JSON: result "
                    + index + " has no \"" + (benchmark == null ? "benchmark" : "primaryMetric") + "\"");
        }
        return new BenchmarkResult(benchmark, mode, forks, jmhVersion, params, primary, secondary, file, line,
                RunInfo.NONE, DeviceInfo.unknown());
    }

    private static Metric metric(JsonPullReader r, boolean percentiles, boolean rawData) throws IOException {
        double score = Double.NaN;
        double error = Double.NaN;
        double lo = Double.NaN;
        double hi = Double.NaN;
        String unit = "";
        double[] forkMeans = NO_FORKS;
        Map<Double, Double> pct = Map.of();
        r.beginObject();
        while (r.hasNext()) {
            switch (r.nextName(METRIC)) {
                case 0 -> score = number(r);
                case 1 -> error = number(r);
                case 2 -> unit = r.nextString();
                case 3 -> {
                    r.beginArray();
                    for (int i = 0; r.hasNext(); i++) {
                        double v = number(r);
                        if (i == 0) {
                            lo = v;
                        } else if (i == 1) {
                            hi = v;
                        }
                    }
                    r.endArray();
                }
                case 4 -> {
                    if (!percentiles) {
                        r.skipValue();
                        break;
                    }
                    pct = new LinkedHashMap<>();
                    r.beginObject();
                    while (r.hasNext()) {
                        String k = r.nextName();
                        double v = number(r);
                        try {
                            pct.put(Double.parseDouble(k), v);
                        } catch (NumberFormatException e) {
                            // not a percentile key: ignored
                        }
                    }
                    r.endObject();
                }
                case 5 -> {
                    if (!rawData) {
                        r.skipValue();
                        break;
                    }
                    forkMeans = forkMeans(r);
                }
                default -> r.skipValue();
            }
        }
        r.endObject();
        if (Double.isNaN(error)) {
            lo = Double.NaN;
            hi = Double.NaN;
        }
        return new Metric(score, error, lo, hi, unit, forkMeans, pct);
    }

    /** The mean of each fork's iterations ({@code rawData}: one array per fork); a fork without numbers is left out. */
    private static double[] forkMeans(JsonPullReader r) throws IOException {
        double[] means = new double[4];
        int forks = 0;
        r.beginArray();
        while (r.hasNext()) {
            r.beginArray();
            double sum = 0;
            int n = 0;
            while (r.hasNext()) {
                double v = number(r);
                if (!Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
            r.endArray();
            if (n > 0) {
                if (forks == means.length) {
                    means = Arrays.copyOf(means, forks * 2);
                }
                means[forks++] = sum / n;
            }
        }
        r.endArray();
        return Arrays.copyOf(means, forks);
    }

    /** A number, JMH's quoted "NaN" / "Infinity" / "-Infinity", or null (NaN). */
    static double number(JsonPullReader r) throws IOException {
        Token t = r.peek();
        if (t == Token.NUMBER) {
            return r.nextDouble();
        }
        if (t == Token.NULL) {
            r.nextNull();
            return Double.NaN;
        }
        if (t == Token.STRING) {
            int line = r.line();
            int column = r.column();
            String s = r.nextString();
            switch (s) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        throw new JsonShapeException("expected a number but was \""
                                + s + "\"", line, column);
                    }
            }
        }
        throw new JsonShapeException("expected a number but was "
                + JsonPullReader.describe(t), r.line(), r.column());
    }
}
