package org.vitwatt.reports.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.XYItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.vitwatt.reports.analysis.plots.ClockSweepPlots;
import org.vitwatt.reports.analysis.plots.PlotData;
import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.reports.table.Numbers;

/** Draws {@link PlotData} with JFreeChart; SVG through JFreeSVG, PNG through {@link PngEncoder}. */
public final class Plots {
    public static final int WIDTH = 960;
    public static final int HEIGHT = 580;
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    /** At most this many points are labelled with their model name (the Pareto front is always labelled). */
    private static final int LABEL_ALL_UP_TO = 30;
    /** Tableau 10, without its red (the Pareto front's colour): readable on white, unlike JFreeChart's yellow. */
    private static final Color[] PALETTE = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C),
        new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F), new Color(0xBCBD22),
        new Color(0x17BECF)};

    static Color colour(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    private Plots() {
    }

    /**
     * A drawn plot.
     *
     * @param data what it shows
     * @param svg  the SVG element
     * @param png  the PNG bytes, null when not asked for
     */
    public record Rendered(PlotData data, String svg, byte[] png) {
    }

    /** Width and height of a plot, px. */
    public static int[] size(PlotData d) {
        boolean twoPanels = d instanceof PlotData.PrecisionBars pb && !pb.energy().isEmpty()
                || d instanceof PlotData.ClockSweep cs && !cs.energy().isEmpty();
        return new int[] {WIDTH, twoPanels ? HEIGHT + 220 : HEIGHT};
    }

    /** Draws a plot (not a {@link PlotData.Missing}) as SVG, and as PNG too when {@code png}. */
    public static Rendered render(PlotData d, boolean png) {
        JFreeChart c = chart(d);
        int[] size = size(d);
        return new Rendered(d, svg(c, d.id(), size[0], size[1]), png ? png(c, size[0], size[1]) : null);
    }

    /** The chart of a plot. */
    public static JFreeChart chart(PlotData d) {
        if (d instanceof PlotData.EnergyAccuracy ea) {
            return energyAccuracy(ea);
        }
        if (d instanceof PlotData.RankRank rr) {
            return rankRank(rr);
        }
        if (d instanceof PlotData.PrecisionBars pb) {
            return precisionBars(pb);
        }
        if (d instanceof PlotData.PlanCost pc) {
            return planCost(pc);
        }
        if (d instanceof PlotData.ClockSweep cs) {
            return clockSweep(cs);
        }
        throw new IllegalArgumentException("nothing to draw for " + d.id() + ": " + ((PlotData.Missing) d).reason());
    }

    /** An SVG element (no XML prolog) whose ids all start with {@code idPrefix}, so several can share a page. */
    public static String svg(JFreeChart chart, String idPrefix, int w, int h) {
        SVGGraphics2D g2 = new SVGGraphics2D(w, h);
        g2.setDefsKeyPrefix(idPrefix + "-");
        chart.draw(g2, new Rectangle2D.Double(0, 0, w, h));
        return g2.getSVGElement(idPrefix + "-svg");
    }

    /** The chart rasterised by JFreeChart ({@link JFreeChart#createBufferedImage}) as PNG bytes. */
    public static byte[] png(JFreeChart chart, int w, int h) {
        return PngEncoder.encode(chart.createBufferedImage(w, h, BufferedImage.TYPE_INT_RGB, null));
    }

    private static JFreeChart energyAccuracy(PlotData.EnergyAccuracy d) {
        XYSeriesCollection ds = new XYSeriesCollection();
        Map<String, XYSeries> series = new LinkedHashMap<>();
        XYSeries front = new XYSeries("Pareto front", false, true);
        for (PlotData.Point p : d.front()) {
            front.add(p.x(), p.y());
        }
        ds.addSeries(front);
        boolean labelAll = d.points().size() <= LABEL_ALL_UP_TO;
        // one label per position, drawn by the first item there: the models of points that coincide share it
        Map<Point2D, Set<String>> names = new LinkedHashMap<>();
        Map<Point2D, List<Integer>> owner = new HashMap<>();
        if (!labelAll) {
            for (int i = 0; i < d.front().size(); i++) {
                PlotData.Point p = d.front().get(i);
                Point2D at = new Point2D.Double(p.x(), p.y());
                names.computeIfAbsent(at, k -> new LinkedHashSet<>()).add(p.label());
                owner.putIfAbsent(at, List.of(0, i));
            }
        }
        for (PlotData.Point p : d.points()) {
            XYSeries xy = series.computeIfAbsent(p.series(), k -> new XYSeries(k, false, true));
            xy.add(p.x(), p.y());
            if (labelAll) {
                Point2D at = new Point2D.Double(p.x(), p.y());
                names.computeIfAbsent(at, k -> new LinkedHashSet<>()).add(p.label());
                int index = 1 + new ArrayList<>(series.keySet()).indexOf(p.series()); // the front is series 0
                owner.putIfAbsent(at, List.of(index, xy.getItemCount() - 1));
            }
        }
        for (XYSeries s : series.values()) {
            ds.addSeries(s);
        }
        NumberAxis x = new NumberAxis(d.energyLabel() + " — lower is better");
        x.setAutoRangeIncludesZero(false);
        // room for the labels: above each point, and half the longest label (about 6 px a character) beside the
        // outermost ones, so that no label is clipped at the plot's edge
        int longest = 0;
        for (Set<String> n : names.values()) {
            longest = Math.max(longest, String.join(" / ", n).length());
        }
        double half = Math.min(0.3, longest * 3.0 / (WIDTH - 100));
        double margin = Math.max(0.12, half / (1 - 2 * half));
        x.setLowerMargin(margin);
        x.setUpperMargin(margin);
        NumberAxis y = new NumberAxis("top-1 (%) — higher is better");
        y.setAutoRangeIncludesZero(false);
        y.setLowerMargin(0.05);
        y.setUpperMargin(0.12);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesLinesVisible(0, true);
        r.setSeriesShapesVisible(0, false);
        r.setSeriesPaint(0, new Color(0xD62728));
        r.setSeriesStroke(0, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                new float[] {6f, 4f}, 0f));
        XYItemLabelGenerator gen = (dataset, s, item) -> {
            Point2D at = new Point2D.Double(dataset.getXValue(s, item), dataset.getYValue(s, item));
            return List.of(s, item).equals(owner.get(at)) ? String.join(" / ", names.get(at)) : null;
        };
        r.setDefaultItemLabelGenerator(gen);
        labelPoints(r, ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER, 7);
        boolean many = d.points().size() > 200; // squares are ~10× smaller than circles in SVG
        for (int i = 1; i < ds.getSeriesCount(); i++) {
            r.setSeriesShape(i, many ? new Rectangle2D.Double(-3, -3, 6, 6) : new Ellipse2D.Double(-4, -4, 8, 8));
            r.setSeriesPaint(i, colour(i - 1));
        }
        XYPlot plot = new XYPlot(ds, x, y, r);
        style(plot);
        return chart(d.title(), plot, true, "dashed red line: Pareto front (no other result has both lower energy and higher "
                + "accuracy); one series per precision");
    }

    private static JFreeChart rankRank(PlotData.RankRank d) {
        XYSeriesCollection ds = new XYSeriesCollection();
        XYSeries s = new XYSeries("models", false, true);
        List<String> labels = new ArrayList<>();
        int n = 0;
        for (PlotData.Point p : d.points()) {
            s.add(p.x(), p.y());
            labels.add(p.label());
            n = Math.max(n, (int) Math.max(p.x(), p.y()));
        }
        ds.addSeries(s);
        int longest = 0;
        for (String l : labels) {
            longest = Math.max(longest, l.length());
        }
        NumberAxis x = new NumberAxis("NetScore rank (stage 1, 1 = best)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        // the labels are right of their points: widen the axis so that the last column's labels fit (about 6 px a
        // character in a plot area of about 840 px)
        x.setRange(0.5, n + 0.5 + Math.min(n, (n + 1.0) * longest * 6 / 840));
        NumberAxis y = new NumberAxis("SAM5 rank on the device (1 = best)");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        y.setRange(0.5, n + 0.5);
        y.setInverted(true);
        x.setInverted(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesShape(0, new Ellipse2D.Double(-5, -5, 10, 10));
        r.setSeriesPaint(0, new Color(0x1F77B4));
        r.setDefaultItemLabelGenerator((dataset, series, item) -> labels.get(item));
        labelPoints(r, ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT, 8);
        XYPlot plot = new XYPlot(ds, x, y, r);
        plot.addAnnotation(new XYLineAnnotation(0.5, 0.5, n + 0.5, n + 0.5,
                new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f),
                Color.GRAY));
        style(plot);
        return chart(d.title(), plot, false, "on the dashed diagonal both stages agree; off it, NetScore misleads for this device");
    }

    private static JFreeChart planCost(PlotData.PlanCost d) {
        XYSeriesCollection ds = new XYSeriesCollection();
        XYSeries front = new XYSeries("Pareto front", false, true);
        d.front().forEach(p -> front.add(p.x(), p.y()));
        ds.addSeries(front);
        Map<String, XYSeries> series = new LinkedHashMap<>();
        Map<String, List<String>> labels = new LinkedHashMap<>();
        for (PlotData.Point p : d.points()) {
            series.computeIfAbsent(p.series(), k -> new XYSeries(k, false, true)).add(p.x(), p.y());
            labels.computeIfAbsent(p.series(), k -> new ArrayList<>()).add(p.label());
        }
        series.values().forEach(ds::addSeries);
        List<List<String>> byIndex = new ArrayList<>(labels.values());
        NumberAxis x = new NumberAxis("bit-weighted operations per image (GBOPs) — lower is better");
        x.setAutoRangeIncludesZero(false);
        // room for half the longest label (about 6 px a character) beside the outermost points, as energyAccuracy
        int longest = 0;
        for (PlotData.Point p : d.points()) {
            longest = Math.max(longest, p.label().length());
        }
        double half = Math.min(0.3, longest * 3.0 / (WIDTH - 100));
        double margin = Math.max(0.05, half / (1 - 2 * half));
        x.setLowerMargin(margin);
        x.setUpperMargin(margin);
        x.setAutoRangeStickyZero(false); // else the margin stops at 0 and the cheapest plan's label is clipped
        NumberAxis y = new NumberAxis("accuracy loss vs FP32 (points) — lower is better");
        y.setAutoRangeIncludesZero(true);
        y.setAutoRangeStickyZero(false);
        y.setLowerMargin(0.05);
        y.setUpperMargin(0.15);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesLinesVisible(0, true);
        r.setSeriesShapesVisible(0, false);
        r.setSeriesPaint(0, new Color(0xD62728));
        r.setSeriesStroke(0, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                new float[] {6f, 4f}, 0f));
        for (int i = 1; i < ds.getSeriesCount(); i++) {
            r.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
            r.setSeriesPaint(i, colour(i - 1));
        }
        r.setDefaultItemLabelGenerator((dataset, s, item) -> {
            String l = s == 0 ? null : byIndex.get(s - 1).get(item);
            return l == null || l.isEmpty() ? null : l;
        });
        labelPoints(r, ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER, 7);
        XYPlot plot = new XYPlot(ds, x, y, r);
        style(plot);
        return chart(d.title(), plot, true, "dashed red line: the Pareto plans (no other plan measured both cheaper and "
                + "with a lower loss), labelled with their -p precision=mixed: rules");
    }

    private static JFreeChart clockSweep(PlotData.ClockSweep d) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (PlotData.Point p : d.latency()) {
            lo = Math.min(lo, p.x());
            hi = Math.max(hi, p.x());
        }
        NumberAxis clock = new NumberAxis("-p " + d.clockParam() + " (MHz)");
        clock.setAutoRangeIncludesZero(false);
        clock.setLowerMargin(0.05);
        clock.setUpperMargin(0.05);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(clock);
        plot.setGap(12);
        if (!d.energy().isEmpty()) {
            plot.add(sweepPanel(d.energy(), ClockSweepPlots.ENERGY, colour(2), d.energyMarks(), (lo + hi) / 2), 1);
        }
        XYPlot latency = sweepPanel(d.latency(), ClockSweepPlots.LATENCY, colour(0), d.latencyMarks(), (lo + hi) / 2);
        if (!Double.isNaN(d.latencyTargetMs())) {
            ValueMarker target = new ValueMarker(d.latencyTargetMs(), new Color(0xD62728), new BasicStroke(1.5f,
                    BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f));
            target.setLabel("--latency-target " + Numbers.compact(d.latencyTargetMs()) + " ms/image");
            target.setLabelFont(LABEL_FONT);
            target.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            target.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            latency.addRangeMarker(target);
        }
        plot.add(latency, 1);
        plot.setOrientation(PlotOrientation.VERTICAL);
        return chart(d.title(), plot, true, d.energy().isEmpty() ? "latency only: no clock of this sweep has a valid energy"
                : "a point per clock given in MHz (max and default, the governor, are in the Clock sweeps table only)");
    }

    /** One panel of a clock sweep: the points joined in clock order, each mark a vertical line named beside it. */
    private static XYPlot sweepPanel(List<PlotData.Point> points, String axis, Color paint, List<PlotData.Mark> marks,
            double middle) {
        XYSeries s = new XYSeries(axis, true, true);
        points.forEach(p -> s.add(p.x(), p.y()));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(0, paint);
        r.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        r.setSeriesStroke(0, new BasicStroke(2f));
        NumberAxis y = new NumberAxis(axis);
        y.setAutoRangeIncludesZero(false);
        y.setUpperMargin(0.15);
        XYPlot p = new XYPlot(new XYSeriesCollection(s), null, y, r);
        style(p);
        for (PlotData.Mark m : marks) {
            ValueMarker v = new ValueMarker(m.x(), new Color(0xD62728), new BasicStroke(1.5f));
            v.setLabel(m.label());
            v.setLabelFont(LABEL_FONT);
            v.setLabelPaint(new Color(0xD62728));
            // the name beside the line, on the side with room
            boolean right = m.x() <= middle;
            v.setLabelAnchor(right ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT);
            v.setLabelTextAnchor(right ? TextAnchor.TOP_LEFT : TextAnchor.TOP_RIGHT);
            p.addDomainMarker(v);
        }
        return p;
    }

    private static JFreeChart precisionBars(PlotData.PrecisionBars d) {
        CategoryAxis models = new CategoryAxis("model");
        models.setCategoryLabelPositions(d.models().size() > 6 ? CategoryLabelPositions.UP_45
                : CategoryLabelPositions.STANDARD);
        models.setTickLabelFont(LABEL_FONT);
        CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(models);
        plot.add(barPlot(d, d.latency(), "latency (ms/image)", true), 1);
        if (!d.energy().isEmpty()) {
            plot.add(barPlot(d, d.energy(), "energy (mJ/image)", false), 1);
        }
        plot.setOrientation(PlotOrientation.VERTICAL);
        return chart(d.title(), plot, true, d.energy().isEmpty() ? "latency only — " + d.energyMissing()
                : "bars: means; whiskers: the 99.9 % confidence interval where known, asymmetric where it is");
    }

    private static CategoryPlot barPlot(PlotData.PrecisionBars d, Map<String, Map<String, Measure>> values, String axis,
            boolean inLegend) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (String p : d.precisions()) {
            Map<String, Measure> byModel = values.getOrDefault(p, Map.of());
            for (String m : d.models()) {
                Measure v = byModel.get(m);
                ds.addValue(v == null ? null : (Number) v.value(), p, m);
            }
        }
        IntervalBarRenderer r = new IntervalBarRenderer(values, Color.DARK_GRAY, new BasicStroke(1f));
        r.setDrawBarOutline(false);
        r.setShadowVisible(false);
        r.setBarPainter(new StandardBarPainter());
        r.setItemMargin(0.05);
        for (int i = 0; i < d.precisions().size(); i++) {
            r.setSeriesPaint(i, colour(i));
        }
        // one legend for both subplots: the same precision has the same colour in each
        r.setDefaultSeriesVisibleInLegend(inLegend);
        NumberAxis y = new NumberAxis(axis);
        CategoryPlot p = new CategoryPlot(ds, null, y, r);
        p.setBackgroundPaint(Color.WHITE);
        p.setRangeGridlinePaint(new Color(0xDDDDDD));
        return p;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    }

    /** A chart on a white background with its title, an optional legend and one line of explanation under it. */
    private static JFreeChart chart(String title, Plot plot, boolean legend, String note) {
        JFreeChart c = new JFreeChart(title, TITLE_FONT, plot, legend);
        c.addSubtitle(new TextTitle(note, LABEL_FONT));
        c.setBackgroundPaint(Color.WHITE);
        return c;
    }

    /** Shows each point's label beside its marker, {@code offset} px clear of it. */
    private static void labelPoints(XYLineAndShapeRenderer r, ItemLabelAnchor anchor, TextAnchor text, double offset) {
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(LABEL_FONT);
        r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(anchor, text));
        r.setItemLabelAnchorOffset(offset);
    }
}
