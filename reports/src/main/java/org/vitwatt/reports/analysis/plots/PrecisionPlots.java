package org.vitwatt.reports.analysis.plots;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vitwatt.reports.analysis.BenchmarkKey;
import org.vitwatt.reports.analysis.Groups;
import org.vitwatt.reports.analysis.Merged;
import org.vitwatt.reports.analysis.Val;
import org.vitwatt.reports.metrics.Measure;

/** Latency and energy per image per precision, grouped bars per model, one plot per configuration. */
public final class PrecisionPlots {
    private PrecisionPlots() {
    }

    public static List<PlotData> of(List<Merged> merged) {
        Map<String, List<Merged>> byConfig = new TreeMap<>(Groups.by(merged, Groups::configKey));
        List<PlotData> out = new ArrayList<>();
        int i = 0;
        for (List<Merged> ms : byConfig.values()) {
            BenchmarkKey k0 = ms.get(0).key();
            Set<String> models = new TreeSet<>();
            Set<String> precisions = new TreeSet<>(Comparator.comparingInt(BenchmarkKey::precisionOrder)
                    .thenComparing(Comparator.naturalOrder()));
            Map<String, Map<String, Measure>> lat = new LinkedHashMap<>();
            Map<String, Map<String, Measure>> en = new LinkedHashMap<>();
            String energyWhy = "";
            for (Merged m : ms) {
                String model = m.key().modelLabel();
                String precision = m.key().precision();
                models.add(model);
                precisions.add(precision);
                lat.computeIfAbsent(precision, x -> new LinkedHashMap<>()).put(model, m.latencyPerImageMs());
                Val e = m.energyPerImageMj(false);
                if (e.ok()) {
                    en.computeIfAbsent(precision, x -> new LinkedHashMap<>()).put(model, e.measure());
                } else if (energyWhy.isEmpty()) {
                    energyWhy = e.reason();
                }
            }
            out.add(new PlotData.PrecisionBars("precision-" + (++i), "Latency and energy per precision — "
                    + Groups.configTitle(k0), k0.device(), k0.dataset(), List.copyOf(models), List.copyOf(precisions),
                    lat, en, en.isEmpty() ? "no energy data: " + energyWhy : ""));
        }
        return out;
    }
}
