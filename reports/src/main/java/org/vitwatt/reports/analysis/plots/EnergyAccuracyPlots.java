package org.vitwatt.reports.analysis.plots;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vitwatt.reports.analysis.BenchmarkKey;
import org.vitwatt.reports.analysis.Groups;
import org.vitwatt.reports.analysis.Merged;
import org.vitwatt.reports.analysis.Val;
import org.vitwatt.results.Metrics;

/**
 * Energy per image vs measured top-1, one plot per configuration (device, dataset, provider, batch, other params),
 * a series per precision, with the Pareto front; or one {@link PlotData.Missing} saying why there is nothing to draw.
 */
public final class EnergyAccuracyPlots {
    private EnergyAccuracyPlots() {
    }

    public static List<PlotData> of(List<Merged> merged, boolean aboveIdle) {
        Map<String, List<PlotData.Point>> byConfig = new LinkedHashMap<>();
        Map<String, BenchmarkKey> first = new LinkedHashMap<>();
        int noEnergy = 0;
        int noAccuracy = 0;
        String exEnergy = "";
        String exAccuracy = "";
        for (Merged m : merged) {
            Val e = m.energyPerImageMj(aboveIdle);
            Val a = m.accuracy(Metrics.ACCURACY_TOP1.label());
            if (!e.ok()) {
                noEnergy++;
                exEnergy = exEnergy.isEmpty() ? e.reason() : exEnergy;
            }
            if (!a.ok()) {
                noAccuracy++;
                exAccuracy = exAccuracy.isEmpty() ? a.reason() : exAccuracy;
            }
            if (!e.ok() || !a.ok()) {
                continue;
            }
            BenchmarkKey k = m.key();
            String key = Groups.configKey(k);
            first.putIfAbsent(key, k);
            byConfig.computeIfAbsent(key, x -> new ArrayList<>())
                    .add(new PlotData.Point(k.modelLabel(), k.precision(), e.value(), a.value()));
        }
        List<PlotData> out = new ArrayList<>();
        if (byConfig.isEmpty()) {
            StringBuilder why = new StringBuilder("no result has both a valid energy and a measured accuracy");
            if (noEnergy > 0) {
                why.append("; energy n/a for ").append(noEnergy).append(" (e.g. ").append(exEnergy).append(')');
            }
            if (noAccuracy > 0) {
                why.append("; accuracy n/a for ").append(noAccuracy).append(" (e.g. ").append(exAccuracy).append(')');
            }
            out.add(new PlotData.Missing("energy-accuracy", "Energy per image vs top-1", why.toString()));
            return out;
        }
        int i = 0;
        String basis = aboveIdle ? "energy above idle (mJ/image)" : "energy (mJ/image)";
        for (Map.Entry<String, List<PlotData.Point>> e : byConfig.entrySet()) {
            BenchmarkKey k = first.get(e.getKey());
            out.add(new PlotData.EnergyAccuracy("energy-accuracy-" + (++i), "Energy per image vs top-1 — "
                    + Groups.configTitle(k), k.device(), k.dataset(), basis, e.getValue(), ParetoFront.of(e.getValue())));
        }
        return out;
    }
}
