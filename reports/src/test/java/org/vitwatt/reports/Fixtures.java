package org.vitwatt.reports;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real JMH JSON written by vitwatt's benchmark (fixtures/cpu-fp32-two-models.json: deit_tiny and deit_small,
 * batch 1 and 2, CPU, FP32, synthetic data and weights, no energy) and variants derived from it for the edge cases:
 * energy and accuracy metrics are added with the labels and units of docs/results-format.md, in JMH's own shape.
 */
public final class Fixtures {
    public static final String REAL = "/fixtures/cpu-fp32-two-models.json";

    private Fixtures() {
    }

    /** A fresh deep copy of the real fixture's results. */
    public static List<JsonObject> real() {
        try (InputStream in = Fixtures.class.getResourceAsStream(REAL)) {
            JsonArray a = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonArray();
            List<JsonObject> out = new ArrayList<>();
            for (JsonElement e : a) {
                out.add(e.getAsJsonObject().deepCopy());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real fixture's bytes. */
    public static String realText() {
        try (InputStream in = Fixtures.class.getResourceAsStream(REAL)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The results of the real fixture with the given model and batch. */
    public static JsonObject pick(List<JsonObject> rs, String model, int batch) {
        for (JsonObject r : rs) {
            JsonObject p = r.getAsJsonObject("params");
            if (p.get("model").getAsString().equals(model) && p.get("batch").getAsString().equals(Integer.toString(batch))) {
                return r;
            }
        }
        throw new IllegalArgumentException(model + " b" + batch);
    }

    /** A secondary metric in JMH's shape; {@code error} NaN is written as JMH writes it, "NaN". */
    public static JsonObject metric(double score, double error, String unit) {
        JsonObject m = new JsonObject();
        m.addProperty("score", score);
        if (Double.isNaN(error)) {
            m.addProperty("scoreError", "NaN");
            JsonArray c = new JsonArray();
            c.add(score);
            c.add(score);
            m.add("scoreConfidence", c);
        } else {
            m.addProperty("scoreError", error);
            JsonArray c = new JsonArray();
            c.add(score - error);
            c.add(score + error);
            m.add("scoreConfidence", c);
        }
        JsonObject pct = new JsonObject();
        pct.addProperty("0.0", score);
        pct.addProperty("50.0", score);
        pct.addProperty("100.0", score);
        m.add("scorePercentiles", pct);
        m.addProperty("scoreUnit", unit);
        JsonArray raw = new JsonArray();
        JsonArray fork = new JsonArray();
        fork.add(score);
        fork.add(score);
        fork.add(score);
        raw.add(fork);
        m.add("rawData", raw);
        return m;
    }

    public static void put(JsonObject r, String label, double score, double error, String unit) {
        r.getAsJsonObject("secondaryMetrics").add(label, metric(score, error, unit));
    }

    public static int batch(JsonObject r) {
        return Integer.parseInt(r.getAsJsonObject("params").get("batch").getAsString());
    }

    /** Adds -prof energy's metrics: energy per image {@code mjPerImage} ± {@code err}, idle {@code idleMj} per image. */
    public static JsonObject withEnergy(JsonObject r, double mjPerImage, double err, double idleMj, double powerW) {
        int b = batch(r);
        put(r, "energy.total", mjPerImage * b, err * b, "mJ/op");
        put(r, "energy.aboveIdle", (mjPerImage - idleMj) * b, err * b, "mJ/op");
        put(r, "energy.perImage", mjPerImage, err, "mJ/image");
        put(r, "energy.perImage.aboveIdle", mjPerImage - idleMj, err, "mJ/image");
        put(r, "power.mean", powerW, 0.1, "W");
        put(r, "power.peak", powerW * 1.2, 0.1, "W");
        put(r, "power.idle", powerW * 0.3, 0.0, "W");
        put(r, "energy.samples", 400, 0, "#");
        put(r, "energy.rateHz", 100, 0, "Hz");
        return r;
    }

    /** Adds measured accuracy on ImageNet with real weights (model.syntheticWeights = 0). */
    public static JsonObject withAccuracy(JsonObject r, double top1, double top5) {
        r.getAsJsonObject("params").addProperty("dataset", "imagenet:/data/imagenet/val");
        put(r, "model.syntheticWeights", 0, 0, "bool");
        put(r, "accuracy.top1", top1, Double.NaN, "%");
        put(r, "accuracy.top5", top5, Double.NaN, "%");
        put(r, "accuracy.images", 50000, Double.NaN, "#");
        return r;
    }

    /** Sets a parameter. */
    public static JsonObject param(JsonObject r, String k, String v) {
        r.getAsJsonObject("params").addProperty(k, v);
        return r;
    }

    /** Sets the primary score (ms/op) and its error. */
    public static JsonObject latency(JsonObject r, double ms, double err) {
        JsonObject p = r.getAsJsonObject("primaryMetric");
        p.addProperty("score", ms);
        p.addProperty("scoreError", err);
        JsonArray c = new JsonArray();
        c.add(ms - err);
        c.add(ms + err);
        p.add("scoreConfidence", c);
        JsonArray raw = new JsonArray();
        JsonArray fork = new JsonArray();
        fork.add(ms);
        fork.add(ms);
        fork.add(ms);
        raw.add(fork);
        p.add("rawData", raw);
        return r;
    }

    /**
     * deit_tiny at batch 1 run with {@code -p gpuClock=CLOCK}: {@code ms} per image, {@code mj} per image, and the
     * lowest GPU clock seen; a point of a clock sweep.
     */
    public static JsonObject atGpuClock(String clock, double ms, double mj, double lowestMHz) {
        JsonObject r = withEnergy(pick(real(), "deit_tiny", 1), mj, 0.01, 1, 5);
        param(r, "gpuClock", clock);
        latency(r, ms, ms * 0.001);
        put(r, "device.clockMHz.min(gpu)", lowestMHz, Double.NaN, "MHz");
        return r;
    }

    public static Path write(Path file, List<JsonObject> results) {
        JsonArray a = new JsonArray();
        results.forEach(a::add);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(a));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A journal: a run record for {@code host}, a benchmark line per result, an end record. */
    public static List<String> journalLines(String runId, String host, List<JsonObject> results) {
        List<String> lines = new ArrayList<>();
        JsonObject run = new JsonObject();
        run.addProperty("type", "run");
        run.addProperty("runId", runId);
        run.addProperty("started", "2026-11-24T07:30:00Z");
        run.addProperty("vitwatt", "0.1.0");
        run.addProperty("git", "f985492");
        run.addProperty("ort", "1.29.0");
        run.addProperty("jmh", "1.37");
        JsonObject dev = new JsonObject();
        dev.addProperty("host", host);
        dev.addProperty("cpu", "ARMv8 Processor rev 3 (v8l)");
        dev.addProperty("physicalCores", "6");
        dev.addProperty("gpu", "NVIDIA Tegra X2");
        dev.addProperty("powerMode", "MAXN");
        run.add("device", dev);
        lines.add(run.toString());
        for (JsonObject r : results) {
            JsonObject it = new JsonObject();
            it.addProperty("type", "iteration");
            it.addProperty("runId", runId);
            it.addProperty("benchmark", r.get("benchmark").getAsString());
            it.add("params", r.get("params"));
            it.addProperty("fork", 1);
            it.addProperty("iteration", 1);
            it.addProperty("warmup", false);
            lines.add(it.toString());
            JsonObject b = new JsonObject();
            b.addProperty("type", "benchmark");
            b.addProperty("runId", runId);
            b.addProperty("benchmark", r.get("benchmark").getAsString());
            b.add("params", r.get("params"));
            b.add("result", r);
            lines.add(b.toString());
        }
        JsonObject end = new JsonObject();
        end.addProperty("type", "end");
        end.addProperty("runId", runId);
        end.addProperty("finished", "2026-11-24T07:41:00Z");
        end.addProperty("benchmarks", results.size());
        lines.add(end.toString());
        return lines;
    }
}
