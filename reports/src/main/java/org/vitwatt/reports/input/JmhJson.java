package org.vitwatt.reports.input;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JMH's JSON result format ({@code -rf json}) with a streaming parser: an array of result objects, each with
 * {@code benchmark}, {@code mode}, {@code params}, {@code primaryMetric} and {@code secondaryMetrics}. Unknown
 * fields are skipped; JMH's quoted {@code "NaN"} is read as NaN. Raw per-iteration data is reduced to per-fork
 * means while reading, so a large file is never held as a tree.
 */
public final class JmhJson {
    private static final Pattern POSITION = Pattern.compile("line (\\d+) column (\\d+)");

    private JmhJson() {
    }

    /**
     * Every result of a JMH JSON file (possibly none), each with {@link RunInfo#NONE} and an unknown device.
     *
     * @throws InputException UNREADABLE, NOT_JSON (with line and column) or NOT_JMH
     */
    public static List<BenchmarkResult> read(Path file) throws InputException {
        try (Reader in = Files.newBufferedReader(file)) {
            return read(file, in);
        } catch (NoSuchFileException e) {
            throw new InputException(InputException.Kind.UNREADABLE, file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new InputException(InputException.Kind.NOT_JSON, file + ": not JSON: not UTF-8 text");
        } catch (IOException e) {
            throw new InputException(InputException.Kind.UNREADABLE, file + ": cannot read: " + e.getMessage());
        }
    }

    static List<BenchmarkResult> read(Path file, Reader in) throws InputException, IOException {
        JsonReader r = new JsonReader(in);
        r.setStrictness(Strictness.STRICT);
        List<BenchmarkResult> out = new ArrayList<>();
        try {
            JsonToken top = r.peek();
            if (top != JsonToken.BEGIN_ARRAY) {
                throw notJmh(file, r, "JMH writes an array of benchmark results, this file's top level is "
                        + describe(top));
            }
            r.beginArray();
            int index = 0;
            while (r.hasNext()) {
                out.add(readResult(r, file, index++));
            }
            r.endArray();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new MalformedJsonException("more content after the result array" + location(r));
            }
        } catch (EOFException e) {
            throw notJson(file, e, r, "ends early (truncated?)");
        } catch (MalformedJsonException e) {
            boolean cut = e.getMessage() != null && e.getMessage().startsWith("Unterminated");
            throw notJson(file, e, r, cut ? "ends early (truncated?)" : "malformed JSON");
        } catch (IllegalStateException | NumberFormatException e) {
            throw notJmh(file, r, "unexpected value (" + firstSentence(e.getMessage()) + ")");
        } catch (CharacterCodingException e) {
            throw new InputException(InputException.Kind.NOT_JSON, file + ": not JSON: not UTF-8 text");
        }
        return out;
    }

    /**
     * Reads one result object at the reader's position (an element of JMH's array, or a journal line's
     * {@code result}).
     */
    static BenchmarkResult readResult(JsonReader r, Path file, int index) throws IOException, InputException {
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw notJmh(file, r, "result " + index + " is " + describe(r.peek()) + ", not a benchmark result object");
        }
        int line = line(r);
        r.beginObject();
        String benchmark = null;
        String mode = "";
        String jmhVersion = "";
        int forks = 0;
        Map<String, String> params = new TreeMap<>();
        Metric primary = null;
        Map<String, Metric> secondary = new HashMap<>();
        while (r.hasNext()) {
            String name = r.nextName();
            switch (name) {
                case "benchmark" -> benchmark = r.nextString();
                case "mode" -> mode = r.nextString();
                case "jmhVersion" -> jmhVersion = r.nextString();
                case "forks" -> forks = r.nextInt();
                case "params" -> {
                    r.beginObject();
                    while (r.hasNext()) {
                        String k = r.nextName();
                        params.put(k, r.peek() == JsonToken.NULL ? nullString(r) : r.nextString());
                    }
                    r.endObject();
                }
                // JMH writes "mode" and "forks" before the metrics: with one fork, rawData's mean is the score and is
                // not parsed; percentiles are kept for sample mode only (parsing numbers is most of the reading time)
                case "primaryMetric" -> primary = readMetric(r, mode.isEmpty() || mode.equals("sample"), forks != 1);
                case "secondaryMetrics" -> {
                    r.beginObject();
                    while (r.hasNext()) {
                        String label = r.nextName();
                        secondary.put(label, readMetric(r, false, forks != 1));
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
        return new BenchmarkResult(benchmark, mode, forks, jmhVersion, new TreeMap<>(params), primary, secondary, file,
                line, RunInfo.NONE, DeviceInfo.unknown());
    }

    private static String nullString(JsonReader r) throws IOException {
        r.nextNull();
        return "";
    }

    private static Metric readMetric(JsonReader r, boolean percentiles, boolean rawData) throws IOException {
        double score = Double.NaN;
        double error = Double.NaN;
        double lo = Double.NaN;
        double hi = Double.NaN;
        String unit = "";
        double[] forkMeans = new double[0];
        Map<Double, Double> pct = new LinkedHashMap<>();
        r.beginObject();
        while (r.hasNext()) {
            String name = r.nextName();
            switch (name) {
                case "score" -> score = readDouble(r);
                case "scoreError" -> error = readDouble(r);
                case "scoreUnit" -> unit = r.nextString();
                case "scoreConfidence" -> {
                    r.beginArray();
                    int i = 0;
                    while (r.hasNext()) {
                        double v = readDouble(r);
                        if (i == 0) {
                            lo = v;
                        } else if (i == 1) {
                            hi = v;
                        }
                        i++;
                    }
                    r.endArray();
                }
                case "scorePercentiles" -> {
                    if (!percentiles) {
                        r.skipValue();
                        break;
                    }
                    r.beginObject();
                    while (r.hasNext()) {
                        String k = r.nextName();
                        double v = readDouble(r);
                        try {
                            pct.put(Double.parseDouble(k), v);
                        } catch (NumberFormatException e) {
                            // not a percentile key: ignore
                        }
                    }
                    r.endObject();
                }
                case "rawData" -> {
                    if (!rawData) {
                        r.skipValue();
                        break;
                    }
                    List<Double> means = new ArrayList<>();
                    r.beginArray();
                    while (r.hasNext()) {
                        r.beginArray();
                        double sum = 0;
                        int n = 0;
                        while (r.hasNext()) {
                            double v = readDouble(r);
                            if (!Double.isNaN(v)) {
                                sum += v;
                                n++;
                            }
                        }
                        r.endArray();
                        if (n > 0) {
                            means.add(sum / n);
                        }
                    }
                    r.endArray();
                    forkMeans = means.stream().mapToDouble(Double::doubleValue).toArray();
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

    /** A number, or JMH's quoted "NaN" / "Infinity", or null (NaN). */
    static double readDouble(JsonReader r) throws IOException {
        JsonToken t = r.peek();
        if (t == JsonToken.NUMBER) {
            return r.nextDouble();
        }
        if (t == JsonToken.NULL) {
            r.nextNull();
            return Double.NaN;
        }
        if (t == JsonToken.STRING) {
            String s = r.nextString();
            switch (s) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    return Double.parseDouble(s);
            }
        }
        throw new IllegalStateException("Expected a number but was " + t + location(r));
    }

    static InputException notJson(Path file, IOException e, JsonReader r, String what) {
        String pos = position(e.getMessage(), r);
        return new InputException(InputException.Kind.NOT_JSON,
                file + pos + ": not valid JSON: " + what + " (" + firstSentence(e.getMessage()) + ")", e);
    }

    static InputException notJmh(Path file, JsonReader r, String what) {
        return new InputException(InputException.Kind.NOT_JMH,
                file + position(null, r) + ": not JMH result JSON: " + what);
    }

    /** ":line:column" from an exception message or the reader, "" when neither says. */
    static String position(String message, JsonReader r) {
        Matcher m = POSITION.matcher(message == null ? "" : message);
        if (!m.find()) {
            m = POSITION.matcher(r.toString());
            if (!m.find()) {
                return "";
            }
        }
        return ":" + m.group(1) + ":" + m.group(2);
    }

    static int line(JsonReader r) {
        Matcher m = POSITION.matcher(r.toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String location(JsonReader r) {
        String s = r.toString();
        int i = s.indexOf(" at line ");
        return i < 0 ? "" : s.substring(i);
    }

    /** Gson's message without its position and troubleshooting link. */
    static String firstSentence(String message) {
        if (message == null) {
            return "";
        }
        String s = message;
        int see = s.indexOf("\nSee ");
        if (see >= 0) {
            s = s.substring(0, see);
        }
        int at = s.indexOf(" at line ");
        if (at >= 0) {
            s = s.substring(0, at);
        }
        s = s.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "unexpected character");
        return s.strip();
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case BEGIN_OBJECT -> "an object";
            case BEGIN_ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case END_DOCUMENT -> "empty";
            default -> t.name();
        };
    }
}
