package org.vitwatt.reports.analysis;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vitwatt.results.Params;

/**
 * What makes two results "the same benchmark" and so merged as runs of it: the device, the benchmark method and
 * every parameter, with the model canonicalised ({@link ModelNames}) and the dataset reduced to its kind for
 * {@code cifar10:PATH} and {@code imagenet:PATH} (the same data mounted elsewhere on another machine).
 *
 * @param device    device label
 * @param benchmark benchmark method, fully qualified
 * @param model     canonical model name
 * @param dataset   dataset: synthetic, cifar10, imagenet, folder:DIR
 * @param precision fp32, fp16, int8, mixed:PLAN (lower case)
 * @param provider  cpu, cuda, tensorrt
 * @param batch     images per operation
 * @param others    every other parameter (threads, ...), by name
 * @param othersText {@code others} as "threads=0, ...", "" when none (derived, kept because keys are compared and
 *                  grouped by it millions of times)
 */
public record BenchmarkKey(String device, String benchmark, String model, String dataset, String precision,
        String provider, int batch, SortedMap<String, String> others, String othersText)
        implements Comparable<BenchmarkKey> {

    /** The parameters that are fields of the key; every other one is in {@link #others()}. */
    public static final List<String> NAMED = List.of(Params.MODEL, Params.DATASET, Params.PRECISION, Params.PROVIDER,
            Params.BATCH);

    public BenchmarkKey {
        others = Collections.unmodifiableSortedMap(new TreeMap<>(others));
        othersText = text(others);
    }

    public BenchmarkKey(String device, String benchmark, String model, String dataset, String precision,
            String provider, int batch, SortedMap<String, String> others) {
        this(device, benchmark, model, dataset, precision, provider, batch, others, "");
    }

    /**
     * The key of a result's parameters: the dataset reduced to its kind, precision and provider in lower case, every
     * parameter but the {@link #NAMED} ones in {@link #others()}.
     *
     * @param model the canonical model name ({@link ModelNames#canonical})
     * @param batch the batch size ({@link #batchOf})
     */
    public static BenchmarkKey of(String device, String benchmark, String model, Map<String, String> params,
            int batch) {
        TreeMap<String, String> others = new TreeMap<>(params);
        NAMED.forEach(others::remove);
        return new BenchmarkKey(device, benchmark, model, canonicalDataset(params.getOrDefault(Params.DATASET, "")),
                params.getOrDefault(Params.PRECISION, "").strip().toLowerCase(Locale.ROOT),
                params.getOrDefault(Params.PROVIDER, "").strip().toLowerCase(Locale.ROOT), batch, others);
    }

    /** The {@code batch} parameter: 1 when absent, 0 when it is not a positive integer. */
    public static int batchOf(String value) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int b = Integer.parseInt(value.strip());
            return b >= 1 ? b : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The same benchmark with another device label ("" to match across devices). */
    public BenchmarkKey onDevice(String d) {
        return new BenchmarkKey(d, benchmark, model, dataset, precision, provider, batch, others);
    }

    /** The dataset as grouped: the kind for cifar10 / imagenet / synthetic, the whole value otherwise. */
    public static String canonicalDataset(String dataset) {
        String d = dataset.strip();
        int colon = d.indexOf(':');
        String kind = (colon < 0 ? d : d.substring(0, colon)).toLowerCase(Locale.ROOT);
        if (kind.equals("cifar10") || kind.equals("imagenet") || kind.equals("synthetic")) {
            return kind;
        }
        return d.isEmpty() ? "unknown" : d;
    }

    /** True for a dataset with no labels, where accuracy cannot be measured. */
    public boolean unlabelled() {
        return dataset.equals("synthetic");
    }

    /** "threads=0, ..." for the parameters other than the named ones, "" when none. */
    private static String text(Map<String, String> others) {
        if (others.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(16 * others.size());
        for (Map.Entry<String, String> e : others.entrySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /** The benchmark's simple method name. */
    public String method() {
        int dot = benchmark.lastIndexOf('.');
        return dot < 0 ? benchmark : benchmark.substring(dot + 1);
    }

    /** The model as tables show it: the canonical name, plus the method when it is not vitwatt's {@code infer}. */
    public String modelLabel() {
        return method().equals("infer") ? model : model + " [" + method() + "]";
    }

    /** Order of precisions in tables: fp32, fp16, bf16, int8, then mixed plans and others by name. */
    public static int precisionOrder(String p) {
        return switch (p) {
            case "fp32" -> 0;
            case "fp16" -> 1;
            case "bf16" -> 2;
            case "int8" -> 3;
            default -> 4;
        };
    }

    static final Comparator<BenchmarkKey> ORDER = Comparator.comparing(BenchmarkKey::device)
            .thenComparing(BenchmarkKey::dataset)
            .thenComparingInt(k -> precisionOrder(k.precision())).thenComparing(BenchmarkKey::precision)
            .thenComparing(BenchmarkKey::provider).thenComparingInt(BenchmarkKey::batch)
            .thenComparing(BenchmarkKey::othersText).thenComparing(BenchmarkKey::model)
            .thenComparing(BenchmarkKey::benchmark);

    @Override
    public int compareTo(BenchmarkKey o) {
        return ORDER.compare(this, o);
    }
}
