package org.vitwatt.reports.perf;

import com.google.gson.stream.JsonWriter;
import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.reports.analysis.ModelNames;
import org.vitwatt.reports.analysis.Report;
import org.vitwatt.reports.analysis.ReportBuilder;
import org.vitwatt.reports.analysis.ReportOptions;
import org.vitwatt.reports.analysis.plots.PlotData;
import org.vitwatt.reports.input.DeviceLabels;
import org.vitwatt.reports.input.ResultLoader;
import org.vitwatt.reports.render.ReportWriter;

/**
 * A measurement, not a test: how long {@code report} takes for N results (every output: md, csv, json, html, plots),
 * and how it grows. Results are synthetic but shaped like vitwatt's (rawData, percentiles, 17 secondary metrics each
 * with energy and accuracy), one JMH JSON file per size.
 *
 * <pre>
 * mvn -o -q -pl reports test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Djava.awt.headless=true -cp reports/target/classes:reports/target/test-classes:$(cat reports/target/cp.txt) \
 *     org.vitwatt.reports.perf.ReportsPerformance 1000 10000 50000
 * </pre>
 */
public final class ReportsPerformance {
    private ReportsPerformance() {
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {1000, 10000, 50000} : new int[args.length];
        for (int i = 0; i < args.length; i++) {
            sizes[i] = Integer.parseInt(args[i]);
        }
        Path dir = Files.createTempDirectory("vitwatt-perf");
        int repeats = Integer.getInteger("repeats", 3);
        System.out.printf(Locale.ROOT, "cores %d, max heap %d MiB, %d repeats (median shown), load average %.2f; "
                + "times in ms (wall), cpu = process CPU time over all threads%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, repeats,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        // warm up the JIT on a small input, as a long-lived CLI would not be; the first row shows the cold figure
        List<Path> warm = generate(dir.resolve("warm"), 500);
        long cold = once(warm, dir.resolve("out-warm"))[3];
        System.out.printf(Locale.ROOT, "cold start, 500 results: %d ms total%n", cold / 1_000_000);
        for (int w = 0; w < 3; w++) {
            once(warm, dir.resolve("out-warm"));
        }
        System.out.printf(Locale.ROOT, "%8s %9s %7s %7s %7s %7s %7s %9s %9s %7s %9s%n", "results", "JSON MiB", "read",
                "build", "write", "total", "cpu", "html MiB", "md MiB", "plots", "best tot");
        for (int n : sizes) {
            List<Path> in = generate(dir.resolve("r" + n), n);
            long bytes = 0;
            for (Path p : in) {
                bytes += Files.size(p);
            }
            List<long[]> runs = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                runs.add(once(in, dir.resolve("out" + n)));
            }
            runs.sort((a, b) -> Long.compare(a[3], b[3]));
            long[] m = runs.get(runs.size() / 2);
            System.out.printf(Locale.ROOT, "%8d %9.1f %7d %7d %7d %7d %7d %9.1f %9.1f %7d %9d%n", n, bytes / 1048576.0,
                    m[0] / 1_000_000, m[1] / 1_000_000, m[2] / 1_000_000, m[3] / 1_000_000, m[5] / 1_000_000,
                    Files.size(dir.resolve("out" + n).resolve("index.html")) / 1048576.0,
                    Files.size(dir.resolve("out" + n).resolve("report.md")) / 1048576.0, m[4], runs.get(0)[3] / 1_000_000);
        }
    }

    /** read, build, write every output (md, csv, json, html, plots: svg + png), total (ns); plots drawn. */
    static long[] once(List<Path> in, Path out) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        List<String> labels = new ArrayList<>();
        // -Dlabels=false: no --device labels, so the 5 files' results are runs of the same 1/5 as many benchmarks
        for (Path p : in) {
            if (!"false".equals(System.getProperty("labels"))) {
                labels.add(p.getFileName() + "=" + p.getFileName().toString().replace(".json", ""));
            }
        }
        ResultLoader.Loaded l = ResultLoader.load(in, DeviceLabels.parse(labels, in), Map.of());
        long t1 = System.nanoTime();
        Report r = new ReportBuilder(ReportOptions.defaults(), new ModelNames(Catalog.standard())).build(l);
        long t2 = System.nanoTime();
        ReportWriter.prepare(out);
        ReportWriter.write(r, out, ReportWriter.all());
        long t3 = System.nanoTime();
        long drawn = r.plots().stream().filter(p -> !(p instanceof PlotData.Missing)).count();
        return new long[] {t1 - t0, t2 - t1, t3 - t2, t3 - t0, drawn, os.getProcessCpuTime() - c0};
    }

    static final String[] PRECISIONS = {"fp32", "fp16", "int8", "mixed:encoder=fp16+others=int8"};
    static final String[] PROVIDERS = {"cpu", "cuda"};
    static final int[] BATCHES = {1, 2, 4, 8, 16};
    static final String[] DATASETS = {"imagenet:/data/val", "cifar10:/data/cifar"};
    static final String[] THREADS = {"0", "1", "2", "4", "8"};

    /**
     * n results: threads × devices × datasets × providers × batches × precisions × 25 models, in that nesting; one
     * JMH JSON file per device (DIR/dev-D.json, labelled with --device FILE=dev-D).
     */
    static List<Path> generate(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            int share = n / 5 + (d < n % 5 ? 1 : 0);
            if (share > 0) {
                files.add(generate(dir.resolve("dev-" + d + ".json"), share, d));
            }
        }
        return files;
    }

    static Path generate(Path file, int n, int device) throws IOException {
        List<String> models = new ArrayList<>(Catalog.standard().ids());
        for (int i = models.size(); i < 25; i++) {
            models.add("/models/custom_vit_" + i + ".onnx");
        }
        Random rnd = new Random(42);
        int written = 0;
        try (BufferedWriter bw = Files.newBufferedWriter(file); JsonWriter w = new JsonWriter(bw)) {
            w.setIndent("    ");
            w.beginArray();
            outer:
            for (String th : THREADS) {
                for (int d = device; d == device; d++) {
                    for (String ds : DATASETS) {
                        for (String pv : PROVIDERS) {
                            for (int b : BATCHES) {
                                for (String pr : PRECISIONS) {
                                    for (int m = 0; m < 25; m++) {
                                        if (written++ == n) {
                                            break outer;
                                        }
                                        result(w, rnd, "dev-" + d, models.get(m % models.size()), ds, pr, pv, b, th, m);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            w.endArray();
        }
        return file;
    }

    private static void result(JsonWriter w, Random rnd, String device, String model, String ds, String pr, String pv,
            int batch, String threads, int m) throws IOException {
        double speed = pr.equals("fp32") ? 1 : pr.equals("fp16") ? 0.6 : pr.equals("int8") ? 0.45 : 0.5;
        double lat = (5 + m * 2.5) * batch * speed * (pv.equals("cuda") ? 0.2 : 1) * (1 + rnd.nextDouble() * 0.1);
        double energy = lat / batch * (pv.equals("cuda") ? 40 : 15) * (0.9 + rnd.nextDouble() * 0.2);
        w.beginObject();
        w.name("jmhVersion").value("1.37");
        w.name("benchmark").value("org.vitwatt.bench.InferenceBenchmark.infer");
        w.name("mode").value("avgt");
        w.name("threads").value(1);
        w.name("forks").value(1);
        w.name("params").beginObject();
        w.name("batch").value(Integer.toString(batch));
        w.name("dataset").value(ds);
        w.name("model").value(model);
        w.name("precision").value(pr);
        w.name("provider").value(pv);
        w.name("threads").value(threads);
        w.endObject();
        w.name("primaryMetric");
        metric(w, rnd, lat, lat * 0.05, "ms/op");
        w.name("secondaryMetrics").beginObject();
        double top1 = 70 + m * 0.5 - (pr.equals("int8") ? 1 : 0) + (ds.startsWith("cifar") ? 20 : 0);
        String[][] ms = {{"accuracy.top1", Double.toString(top1), "%"}, {"accuracy.top5", "95", "%"},
            {"accuracy.images", "50000", "#"}, {"accuracy.agreement", "98.5", "%"},
            {"energy.total", Double.toString(energy * batch), "mJ/op"},
            {"energy.aboveIdle", Double.toString(energy * batch * 0.7), "mJ/op"},
            {"energy.perImage", Double.toString(energy), "mJ/image"},
            {"energy.perImage.aboveIdle", Double.toString(energy * 0.7), "mJ/image"}, {"power.mean", "14.2", "W"},
            {"power.peak", "18.0", "W"}, {"power.idle", "4.1", "W"}, {"energy.samples", "900", "#"},
            {"energy.rateHz", "100", "Hz"}, {"model.params", Double.toString(5e6 + m * 1e6), "#"},
            {"model.gmacs", Double.toString(1.2 + m * 0.3), "GMACs"}, {"model.fileMiB", "84.1", "MiB"},
            {"memory.peakRss", "400", "MiB"}};
        for (String[] x : ms) {
            w.name(x[0]);
            double v = Double.parseDouble(x[1]);
            metric(w, rnd, v, v * 0.02, x[2]);
        }
        w.endObject();
        w.endObject();
    }

    private static void metric(JsonWriter w, Random rnd, double score, double err, String unit) throws IOException {
        w.beginObject();
        w.name("score").value(score);
        w.name("scoreError").value(err);
        w.name("scoreConfidence").beginArray().value(score - err).value(score + err).endArray();
        w.name("scorePercentiles").beginObject();
        for (String p : new String[] {"0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "99.99", "99.999", "99.9999", "100.0"}) {
            w.name(p).value(score);
        }
        w.endObject();
        w.name("scoreUnit").value(unit);
        w.name("rawData").beginArray().beginArray();
        for (int i = 0; i < 3; i++) {
            w.value(score * (0.98 + rnd.nextDouble() * 0.04));
        }
        w.endArray().endArray();
        w.endObject();
    }
}
