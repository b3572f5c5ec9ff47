package org.vitwatt.reports.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.svg.SVGGraphics2D;
import org.junit.jupiter.api.Test;
import org.vitwatt.reports.analysis.plots.PlotData;
import org.vitwatt.reports.metrics.Measure;

class PlotsTest {
    static final Pattern LINE = Pattern.compile("<line x1=['\"]([-\\d.E]+)['\"] y1=['\"]([-\\d.E]+)['\"] "
            + "x2=['\"]([-\\d.E]+)['\"] y2=['\"]([-\\d.E]+)['\"]");

    /** Every line element of an SVG as {x1, y1, x2, y2}. */
    static List<double[]> lines(String svg) {
        List<double[]> out = new ArrayList<>();
        Matcher m = LINE.matcher(svg);
        while (m.find()) {
            out.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4))});
        }
        return out;
    }

    @Test
    void precisionWhiskersEndAtEachIntervalsOwnEnds() {
        // fp32: 10 ms [8, 16] (asymmetric: a hull of merged runs); int8: 5 ms ± 1
        Measure asym = new Measure(10, 8, 16, 9, 11, 2);
        Measure sym = new Measure(5, 4, 6, 5, 5, 1);
        PlotData.PrecisionBars d = new PlotData.PrecisionBars("precision-1", "t", "dev", "imagenet", List.of("m"),
                List.of("fp32", "int8"), Map.of("fp32", Map.of("m", asym), "int8", Map.of("m", sym)), Map.of(),
                "no energy data: energy not measured");
        JFreeChart chart = Plots.chart(d);
        SVGGraphics2D g2 = new SVGGraphics2D(Plots.WIDTH, Plots.HEIGHT);
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(g2, new Rectangle2D.Double(0, 0, Plots.WIDTH, Plots.HEIGHT), info);
        CategoryPlot latency = (CategoryPlot) ((CombinedDomainCategoryPlot) chart.getPlot()).getSubplots().get(0);
        Rectangle2D area = info.getPlotInfo().getSubplotInfo(0).getDataArea();
        RectangleEdge edge = latency.getRangeAxisEdge();
        double y8 = latency.getRangeAxis().valueToJava2D(8, area, edge);
        double y16 = latency.getRangeAxis().valueToJava2D(16, area, edge);
        double y4 = latency.getRangeAxis().valueToJava2D(4, area, edge);
        double y6 = latency.getRangeAxis().valueToJava2D(6, area, edge);
        List<double[]> vertical = lines(g2.getSVGElement()).stream().filter(l -> Math.abs(l[0] - l[2]) < 1e-6
                && Math.abs(l[1] - l[3]) > 1).toList();
        assertTrue(vertical.stream().anyMatch(l -> near(l[1], y8) && near(l[3], y16)),
                "a whisker from 8 to 16, not 10 ± a half-width: " + y8 + ", " + y16);
        assertTrue(vertical.stream().anyMatch(l -> near(l[1], y4) && near(l[3], y6)), "int8's from 4 to 6");
        assertTrue(latency.getRangeAxis().getRange().contains(16), "the axis covers the upper end");
    }

    @Test
    void anUnboundedEndRunsToTheEdgeOfThePlot() {
        Measure open = new Measure(10, 8, Double.POSITIVE_INFINITY, 10, 10, 1);
        PlotData.PrecisionBars d = new PlotData.PrecisionBars("precision-1", "t", "dev", "imagenet", List.of("m"),
                List.of("fp32"), Map.of("fp32", Map.of("m", open)), Map.of(), "no energy data: energy not measured");
        JFreeChart chart = Plots.chart(d);
        SVGGraphics2D g2 = new SVGGraphics2D(Plots.WIDTH, Plots.HEIGHT);
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(g2, new Rectangle2D.Double(0, 0, Plots.WIDTH, Plots.HEIGHT), info);
        Rectangle2D area = info.getPlotInfo().getSubplotInfo(0).getDataArea();
        assertTrue(lines(g2.getSVGElement()).stream().anyMatch(l -> Math.abs(l[0] - l[2]) < 1e-6
                && near(l[3], area.getMinY())), "the whisker reaches the top of the plot");
    }

    static boolean near(double a, double b) {
        return Math.abs(a - b) < 0.05;
    }
}
