package org.vitwatt.reports.analysis.plots;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vitwatt.reports.input.SearchPlans;

/**
 * The plans of {@code benchmarks.jar search} as cost (GBOPs per image) vs accuracy loss: FP32, each group alone at
 * each precision, and the Pareto plans joined as the front. None without plans.
 */
public final class PlanPlots {
    public static final String FP32 = "FP32";
    public static final String ALONE = "one group alone";
    public static final String PARETO = "Pareto plans";

    private PlanPlots() {
    }

    public static List<PlotData> of(Optional<SearchPlans> plans, String model) {
        if (plans.isEmpty()) {
            return List.of();
        }
        SearchPlans s = plans.get();
        List<PlotData.Point> points = new ArrayList<>();
        points.add(point(s.fp32(), FP32, "fp32"));
        for (SearchPlans.GroupPlan g : s.sensitivity()) {
            points.add(point(g.plan(), ALONE, ""));
        }
        List<PlotData.Point> front = new ArrayList<>();
        for (SearchPlans.Plan p : s.pareto()) {
            PlotData.Point pt = point(p, PARETO, p.precision().replaceFirst("^mixed:", ""));
            points.add(pt);
            front.add(pt);
        }
        return List.of(new PlotData.PlanCost("plan-cost", "Plan search: cost vs accuracy loss — " + model + " on "
                + s.dataset(), points, front));
    }

    private static PlotData.Point point(SearchPlans.Plan p, String series, String label) {
        return new PlotData.Point(label, series, p.gbops(), p.loss());
    }
}
