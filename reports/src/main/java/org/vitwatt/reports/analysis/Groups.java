package org.vitwatt.reports.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How merged benchmarks are grouped into tables and plots, and what a group is called. Only like is compared with
 * like: a SAM table holds one device, dataset, precision, provider, batch and set of other params; a precision table
 * one model on one device, dataset, provider, batch and other params; a plot of one configuration one device,
 * dataset, provider, batch and other params.
 */
public final class Groups {
    private Groups() {
    }

    /** device, dataset, precision, provider, batch, params: the group of a SAM table. */
    public static Map<String, String> sam(BenchmarkKey k) {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("device", k.device());
        g.put("dataset", k.dataset());
        g.put("precision", k.precision());
        g.put("provider", k.provider());
        g.put("batch", Integer.toString(k.batch()));
        g.put("params", k.othersText());
        return g;
    }

    /** model, device, dataset, provider, batch, params: the group of a precision table. */
    public static Map<String, String> precision(BenchmarkKey k) {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("model", k.modelLabel());
        g.put("device", k.device());
        g.put("dataset", k.dataset());
        g.put("provider", k.provider());
        g.put("batch", Integer.toString(k.batch()));
        g.put("params", k.othersText());
        return g;
    }

    /** "tx2-01 · imagenet · fp32 · cpu · batch 1 · threads=0": a group's values, empty ones left out. */
    public static String title(Map<String, String> group) {
        StringBuilder sb = new StringBuilder();
        group.forEach((k, v) -> {
            if (v.isEmpty()) {
                return;
            }
            if (sb.length() > 0) {
                sb.append(" · ");
            }
            sb.append(k.equals("batch") ? "batch " + v : v);
        });
        return sb.toString();
    }

    /** "tx2-01 · imagenet · cpu · batch 1 · threads=0": one configuration (every precision and model of it). */
    public static String configTitle(BenchmarkKey k) {
        return k.device() + " · " + k.dataset() + " · " + k.provider() + " · batch " + k.batch()
                + (k.othersText().isEmpty() ? "" : " · " + k.othersText());
    }

    public static String samKey(BenchmarkKey k) {
        return k.device() + "\u0000" + k.dataset() + "\u0000" + k.precision() + "\u0000" + k.provider() + "\u0000"
                + k.batch() + "\u0000" + k.othersText();
    }

    public static String precisionKey(BenchmarkKey k) {
        return k.modelLabel() + "\u0000" + k.device() + "\u0000" + k.dataset() + "\u0000" + k.provider() + "\u0000"
                + k.batch() + "\u0000" + k.othersText();
    }

    public static String configKey(BenchmarkKey k) {
        return k.device() + "\u0000" + k.dataset() + "\u0000" + k.provider() + "\u0000" + k.batch() + "\u0000"
                + k.othersText();
    }

    /** {@code merged} by {@code key}, groups in order of first appearance. */
    public static Map<String, List<Merged>> by(List<Merged> merged, Function<BenchmarkKey, String> key) {
        Map<String, List<Merged>> g = new LinkedHashMap<>();
        for (Merged m : merged) {
            g.computeIfAbsent(key.apply(m.key()), x -> new ArrayList<>()).add(m);
        }
        return g;
    }

    /** The precision groups, sorted by key, each by precision: fp32, fp16, bf16, int8, then plans by name. */
    public static Map<String, List<Merged>> precisionGroups(List<Merged> merged) {
        Map<String, List<Merged>> g = new TreeMap<>(by(merged, Groups::precisionKey));
        for (List<Merged> l : g.values()) {
            l.sort(Comparator.comparingInt((Merged m) -> BenchmarkKey.precisionOrder(m.key().precision()))
                    .thenComparing(m -> m.key().precision()));
        }
        return g;
    }
}
