package org.vitwatt.reports.perf;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.results.Metric;
import org.vitwatt.results.Metrics;
import org.vitwatt.results.Params;

/**
 * Writes N results shaped like a real {@code -prof energy} result of vitwatt's benchmark, in JMH's own JSON layout
 * (four-space indentation, {@code "key" : value}, every number of an array on its own line): the run fields JMH
 * writes, the primary metric and 19 secondary metrics (the vitwatt profiler's, accuracy and agreement, the energy
 * profiler's totals and a Jetson's {@code VDD_IN} rail, {@code rails=VDD_IN}), each with the ten percentiles and three iterations of raw
 * data JMH writes — about 23 KB per result. Results differ by model (25), precision (4), batch (5), threads (5), provider (4) and
 * dataset (5), in that nesting, so N up to 50,000 are N distinct benchmarks.
 *
 * <pre>
 * java -cp reports/target/test-classes:reports/target/vitwatt-reports.jar \
 *     org.vitwatt.reports.perf.EnergyResults 10000 results-10000.json
 * </pre>
 */
public final class EnergyResults {
    static final String[] PRECISIONS = {"fp32", "fp16", "int8", "mixed:encoder=fp16+others=int8"};
    static final int[] BATCHES = {1, 2, 4, 8, 16};
    static final String[] THREADS = {"0", "1", "2", "4", "6"};
    static final String[] PROVIDERS = {"cpu", "cuda", "cuda:1", "tensorrt"};
    static final String[] DATASETS = {"imagenet:/data/imagenet/val", "cifar10:/data/cifar-10-batches-bin",
        "folder:/data/flowers", "folder:/data/pets", "imagenet:/mnt/val"};
    static final String[] RAILS = {"VDD_IN"};
    static final String[] PERCENTILES = {"0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "99.99", "99.999", "99.9999",
        "100.0"};
    static final int ITERATIONS = 3;

    private EnergyResults() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: EnergyResults N FILE");
            System.exit(2);
        }
        Path out = write(Path.of(args[1]), Integer.parseInt(args[0]));
        System.out.printf(Locale.ROOT, "%s: %d results, %.1f MB%n", out, Integer.parseInt(args[0]),
                Files.size(out) / 1e6);
    }

    /** Writes {@code n} results into {@code file}. */
    public static Path write(Path file, int n) throws IOException {
        List<String> models = new ArrayList<>(Catalog.standard().ids());
        for (int i = models.size(); i < 25; i++) {
            models.add("/models/custom_vit_" + i + ".onnx");
        }
        Random rnd = new Random(42);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("[\n");
            for (int i = 0; i < n; i++) {
                int k = i;
                int m = k % 25;
                k /= 25;
                String precision = PRECISIONS[k % PRECISIONS.length];
                k /= PRECISIONS.length;
                int batch = BATCHES[k % BATCHES.length];
                k /= BATCHES.length;
                String threads = THREADS[k % THREADS.length];
                k /= THREADS.length;
                String provider = PROVIDERS[k % PROVIDERS.length];
                k /= PROVIDERS.length;
                String dataset = DATASETS[k % DATASETS.length];
                result(w, rnd, models.get(m), m, precision, batch, threads, provider, dataset);
                w.write(i + 1 < n ? ",\n" : "\n");
            }
            w.write("]\n");
        }
        return file;
    }

    private static void result(Writer w, Random rnd, String model, int m, String precision, int batch, String threads,
            String provider, String dataset) throws IOException {
        double speed = switch (precision) {
            case "fp32" -> 1;
            case "fp16" -> 0.6;
            case "int8" -> 0.45;
            default -> 0.5;
        };
        boolean gpu = !provider.equals("cpu");
        double latency = (5 + m * 2.5) * batch * speed * (gpu ? 0.2 : 1) * (1 + rnd.nextDouble() * 0.1);
        double perImage = latency / batch * (gpu ? 40 : 15) * (0.9 + rnd.nextDouble() * 0.2);
        double top1 = 70 + m * 0.5 - (precision.equals("int8") ? 1 : 0) + (dataset.startsWith("cifar") ? 20 : 0);
        double power = perImage * batch / latency;
        w.write("    {\n");
        field(w, 2, "jmhVersion", "\"1.37\"", true);
        field(w, 2, "benchmark", "\"org.vitwatt.bench.InferenceBenchmark.infer\"", true);
        field(w, 2, "mode", "\"avgt\"", true);
        field(w, 2, "threads", "1", true);
        field(w, 2, "forks", "1", true);
        field(w, 2, "jvm", "\"/usr/lib/jvm/java-17-openjdk-arm64/bin/java\"", true);
        w.write("        \"jvmArgs\" : [\n            \"-Dvitwatt.cache=/var/cache/vitwatt\",\n"
                + "            \"-Xmx4g\"\n        ],\n");
        field(w, 2, "jdkVersion", "\"17.0.15\"", true);
        field(w, 2, "vmName", "\"OpenJDK 64-Bit Server VM\"", true);
        field(w, 2, "vmVersion", "\"17.0.15+6-Ubuntu-0ubuntu120.04\"", true);
        field(w, 2, "warmupIterations", "3", true);
        field(w, 2, "warmupTime", "\"2 s\"", true);
        field(w, 2, "warmupBatchSize", "1", true);
        field(w, 2, "measurementIterations", Integer.toString(ITERATIONS), true);
        field(w, 2, "measurementTime", "\"2 s\"", true);
        field(w, 2, "measurementBatchSize", "1", true);
        w.write("        \"params\" : {\n");
        String[][] params = {{Params.ACCURACY_LIMIT, "all"}, {Params.BATCH, Integer.toString(batch)},
            {Params.CALIBRATION, "minmax:128"}, {Params.DATASET, dataset}, {Params.INT8_WEIGHTS, "auto"},
            {Params.MODEL, model}, {Params.POWER_MODE, "MAXN"}, {Params.PRECISION, precision},
            {Params.PROVIDER, provider}, {Params.THREADS, threads}};
        for (int i = 0; i < params.length; i++) {
            field(w, 3, params[i][0], "\"" + params[i][1] + "\"", i + 1 < params.length);
        }
        w.write("        },\n        \"primaryMetric\" : ");
        metric(w, rnd, latency, latency * 0.04, "ms/op");
        w.write(",\n        \"secondaryMetrics\" : {\n");
        List<Object[]> ms = new ArrayList<>();
        ms.add(new Object[] {Metrics.ACCURACY_AGREEMENT, 98.5});
        ms.add(new Object[] {Metrics.ACCURACY_TOP1, top1});
        ms.add(new Object[] {Metrics.ENERGY_ABOVE_IDLE, perImage * batch * 0.7});
        ms.add(new Object[] {Metrics.ENERGY_PER_IMAGE, perImage});
        ms.add(new Object[] {Metrics.ENERGY_PER_IMAGE_ABOVE_IDLE, perImage * 0.7});
        ms.add(new Object[] {Metrics.ENERGY_RATE_HZ, 1000.0});
        ms.add(new Object[] {Metrics.ENERGY_SAMPLES, 2000.0});
        ms.add(new Object[] {Metrics.ENERGY_TOTAL, perImage * batch});
        ms.add(new Object[] {Metrics.ENERGY_VALID_ITERATIONS, (double) ITERATIONS});
        double[] share = {1.0};
        for (int i = 0; i < RAILS.length; i++) {
            ms.add(new Object[] {Metrics.ENERGY_TOTAL_RAIL.labelFor("ina3221/" + RAILS[i]), perImage * batch * share[i]});
        }
        ms.add(new Object[] {Metrics.MEMORY_PEAK_RSS, 612.0});
        ms.add(new Object[] {Metrics.MODEL_BOPS, (1.2 + m * 0.3) * 64});
        ms.add(new Object[] {Metrics.MODEL_FILE_MIB, 21.9 + m});
        ms.add(new Object[] {Metrics.MODEL_GMACS, 1.2 + m * 0.3});
        ms.add(new Object[] {Metrics.MODEL_PARAMS, 5e6 + m * 1e6});
        ms.add(new Object[] {Metrics.MODEL_SYNTHETIC_WEIGHTS, 0.0});
        ms.add(new Object[] {Metrics.POWER_IDLE, power * 0.3});
        ms.add(new Object[] {Metrics.POWER_MEAN, power});
        for (int i = 0; i < RAILS.length; i++) {
            ms.add(new Object[] {Metrics.POWER_MEAN_RAIL.labelFor("ina3221/" + RAILS[i]), power * share[i]});
        }
        ms.add(new Object[] {Metrics.POWER_PEAK, power * 1.3});
        ms.add(new Object[] {Metrics.SESSION_CREATE_MS, 812.0});
        for (int i = 0; i < ms.size(); i++) {
            Object label = ms.get(i)[0];
            String l = label instanceof Metric metric ? metric.label() : (String) label;
            String unit = label instanceof Metric metric ? metric.unit() : l.startsWith("power") ? "W" : "mJ/op";
            double v = (Double) ms.get(i)[1];
            w.write("            \"" + l + "\" : ");
            metric(w, rnd, v, v * 0.02, unit);
            w.write(i + 1 < ms.size() ? ",\n" : "\n");
        }
        w.write("        }\n    }");
    }

    private static void metric(Writer w, Random rnd, double score, double error, String unit) throws IOException {
        String in = "                ";
        w.write("{\n");
        w.write(in + "\"score\" : " + score + ",\n");
        w.write(in + "\"scoreError\" : " + error + ",\n");
        w.write(in + "\"scoreConfidence\" : [\n" + in + "    " + (score - error) + ",\n" + in + "    " + (score + error)
                + "\n" + in + "],\n");
        double[] raw = new double[ITERATIONS];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = score == 0 ? 0 : score * (0.98 + rnd.nextDouble() * 0.04);
        }
        w.write(in + "\"scorePercentiles\" : {\n");
        for (int i = 0; i < PERCENTILES.length; i++) {
            double p = raw[Math.min(raw.length - 1, i * raw.length / PERCENTILES.length)];
            w.write(in + "    \"" + PERCENTILES[i] + "\" : " + p + (i + 1 < PERCENTILES.length ? ",\n" : "\n"));
        }
        w.write(in + "},\n");
        w.write(in + "\"scoreUnit\" : \"" + unit + "\",\n");
        w.write(in + "\"rawData\" : [\n" + in + "    [\n");
        for (int i = 0; i < raw.length; i++) {
            w.write(in + "        " + raw[i] + (i + 1 < raw.length ? ",\n" : "\n"));
        }
        w.write(in + "    ]\n" + in + "]\n");
        w.write("            }");
    }

    private static void field(Writer w, int depth, String name, String value, boolean comma) throws IOException {
        w.write("    ".repeat(depth) + "\"" + name + "\" : " + value + (comma ? ",\n" : "\n"));
    }
}
