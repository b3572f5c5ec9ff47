package org.vitwatt.reports.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads one JMH result object — an element of JMH's JSON array, or a journal {@code benchmark} line's
 * {@code result} — from a Jackson {@link JsonParser}: {@code benchmark}, {@code mode}, {@code forks}, {@code params},
 * {@code primaryMetric} and {@code secondaryMetrics}; every other field is skipped unread. JMH's quoted
 * {@code "NaN"} is read as NaN. What a report never uses is skipped too: raw per-iteration data when there is one
 * fork (its mean is the score), percentiles outside sample mode; several forks' raw data is reduced to per-fork
 * means as it is read.
 */
final class JmhResultReader {
    private static final double[] NO_FORKS = new double[0];

    private JmhResultReader() {
    }

    /**
     * The result whose {@code START_OBJECT} is the parser's current token, attributed to no run and an unknown
     * device; the parser is left on its {@code END_OBJECT}.
     *
     * @param file  where it is read from, for messages and {@link BenchmarkResult#file()}
     * @param index its index in the array, for messages
     * @param line  the line it starts at, for {@link BenchmarkResult#line()}
     */
    static BenchmarkResult read(JsonParser p, Path file, int index, int line) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw JsonParsers.notJmh(p, file, "result " + index + " is " + JsonParsers.describe(p.currentToken())
                    + ", not a benchmark result object");
        }
        String benchmark = null;
        String mode = "";
        String jmhVersion = "";
        int forks = 0;
        TreeMap<String, String> params = new TreeMap<>();
        Metric primary = null;
        Map<String, Metric> secondary = new HashMap<>();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "benchmark" -> benchmark = JsonParsers.text(p, file);
                case "mode" -> mode = JsonParsers.text(p, file);
                case "jmhVersion" -> jmhVersion = JsonParsers.text(p, file);
                case "forks" -> forks = integer(p, file);
                case "params" -> {
                    JsonParsers.expect(p, JsonToken.START_OBJECT, file);
                    for (String k = p.nextFieldName(); k != null; k = p.nextFieldName()) {
                        p.nextToken();
                        params.put(k, JsonParsers.text(p, file));
                    }
                }
                // JMH writes "mode" and "forks" before the metrics, so what to skip is known when they come
                case "primaryMetric" -> primary = metric(p, file, mode.isEmpty() || mode.equals("sample"), forks != 1);
                case "secondaryMetrics" -> {
                    JsonParsers.expect(p, JsonToken.START_OBJECT, file);
                    for (String label = p.nextFieldName(); label != null; label = p.nextFieldName()) {
                        p.nextToken();
                        secondary.put(label, metric(p, file, false, forks != 1));
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (benchmark == null || primary == null) {
            throw new InputException(InputException.Kind.NOT_JMH, file + ":" + line + ": not JMH result JSON: result "
                    + index + " has no \"" + (benchmark == null ? "benchmark" : "primaryMetric") + "\"");
        }
        return new BenchmarkResult(benchmark, mode, forks, jmhVersion, params, primary, secondary, file, line,
                RunInfo.NONE, DeviceInfo.unknown());
    }

    private static Metric metric(JsonParser p, Path file, boolean percentiles, boolean rawData) throws IOException {
        JsonParsers.expect(p, JsonToken.START_OBJECT, file);
        double score = Double.NaN;
        double error = Double.NaN;
        double lo = Double.NaN;
        double hi = Double.NaN;
        String unit = "";
        double[] forkMeans = NO_FORKS;
        Map<Double, Double> pct = Map.of();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "score" -> score = number(p, file);
                case "scoreError" -> error = number(p, file);
                case "scoreUnit" -> unit = JsonParsers.text(p, file);
                case "scoreConfidence" -> {
                    JsonParsers.expect(p, JsonToken.START_ARRAY, file);
                    for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                        double v = number(p, file);
                        if (i == 0) {
                            lo = v;
                        } else if (i == 1) {
                            hi = v;
                        }
                    }
                }
                case "scorePercentiles" -> {
                    if (!percentiles) {
                        p.skipChildren();
                        break;
                    }
                    JsonParsers.expect(p, JsonToken.START_OBJECT, file);
                    pct = new LinkedHashMap<>();
                    for (String k = p.nextFieldName(); k != null; k = p.nextFieldName()) {
                        p.nextToken();
                        double v = number(p, file);
                        try {
                            pct.put(Double.parseDouble(k), v);
                        } catch (NumberFormatException e) {
                            // not a percentile key: ignored
                        }
                    }
                }
                case "rawData" -> {
                    if (rawData) {
                        forkMeans = forkMeans(p, file);
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (Double.isNaN(error)) {
            lo = Double.NaN;
            hi = Double.NaN;
        }
        return new Metric(score, error, lo, hi, unit, forkMeans, pct);
    }

    /** The mean of each fork's iterations ({@code rawData}: one array per fork); a fork without numbers is left out. */
    private static double[] forkMeans(JsonParser p, Path file) throws IOException {
        JsonParsers.expect(p, JsonToken.START_ARRAY, file);
        double[] means = new double[4];
        int forks = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            JsonParsers.expect(p, JsonToken.START_ARRAY, file);
            double sum = 0;
            int n = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                double v = number(p, file);
                if (!Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
            if (n > 0) {
                if (forks == means.length) {
                    means = Arrays.copyOf(means, forks * 2);
                }
                means[forks++] = sum / n;
            }
        }
        return Arrays.copyOf(means, forks);
    }

    private static int integer(JsonParser p, Path file) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw JsonParsers.shape(p, file, "expected an int but was " + JsonParsers.describe(p.currentToken()));
        }
        return p.getIntValue();
    }

    /** The current token as a number: a JSON number, JMH's quoted "NaN" / "Infinity" / "-Infinity", or null (NaN). */
    private static double number(JsonParser p, Path file) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
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
                        throw JsonParsers.shape(p, file, "expected a number but was \"" + s + "\"");
                    }
            }
        }
        throw JsonParsers.shape(p, file, "expected a number but was " + JsonParsers.describe(t));
    }
}
