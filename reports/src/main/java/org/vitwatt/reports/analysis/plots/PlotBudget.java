package org.vitwatt.reports.analysis.plots;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Which plots are drawn under {@code --max-plots}: the budget is shared round-robin between the kinds (energy vs
 * accuracy, rank vs rank, per precision), so that no kind crowds out the others. A {@link PlotData.Missing} costs
 * nothing and is always kept (it says why a plot is absent).
 *
 * @param kept     the plots to draw or say are missing, kinds in order
 * @param omitted  the titles of the plots left out
 */
public record PlotBudget(List<PlotData> kept, List<String> omitted) {
    public static PlotBudget of(List<List<PlotData>> kinds, int maxPlots) {
        Set<PlotData> chosen = Collections.newSetFromMap(new IdentityHashMap<>());
        int[] next = new int[kinds.size()];
        boolean progress = true;
        while (chosen.size() < maxPlots && progress) {
            progress = false;
            for (int k = 0; k < kinds.size() && chosen.size() < maxPlots; k++) {
                List<PlotData> l = kinds.get(k);
                while (next[k] < l.size() && l.get(next[k]) instanceof PlotData.Missing) {
                    next[k]++;
                }
                if (next[k] < l.size()) {
                    chosen.add(l.get(next[k]++));
                    progress = true;
                }
            }
        }
        List<PlotData> kept = new ArrayList<>();
        List<String> omitted = new ArrayList<>();
        for (List<PlotData> l : kinds) {
            for (PlotData p : l) {
                if (p instanceof PlotData.Missing || chosen.contains(p)) {
                    kept.add(p);
                } else {
                    omitted.add(p.title());
                }
            }
        }
        return new PlotBudget(List.copyOf(kept), List.copyOf(omitted));
    }
}
