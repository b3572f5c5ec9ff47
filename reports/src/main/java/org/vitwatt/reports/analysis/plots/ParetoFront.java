package org.vitwatt.reports.analysis.plots;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The points no other point beats on both axes: lower x (energy) and higher y (accuracy). */
public final class ParetoFront {
    private ParetoFront() {
    }

    /** The front, by increasing x; of points with equal x only the highest y. */
    public static List<PlotData.Point> of(List<PlotData.Point> points) {
        List<PlotData.Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(PlotData.Point::x).thenComparingDouble(p -> -p.y()));
        List<PlotData.Point> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (PlotData.Point p : sorted) {
            if (p.y() > best) {
                front.add(p);
                best = p.y();
            }
        }
        return front;
    }
}
