package org.vitwatt.reports.render;

import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.Map;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.Range;
import org.jfree.data.category.CategoryDataset;
import org.vitwatt.reports.metrics.Measure;

/**
 * Vertical bars of the means with whiskers at each measure's own 99.9 % interval ends — as asymmetric as the interval
 * is (a hull of merged runs, a reciprocal), where JFreeChart's {@code StatisticalBarRenderer} draws mean ± one
 * deviation. An unbounded end runs to the edge of the plot without a cap. The range axis covers every finite end.
 */
final class IntervalBarRenderer extends BarRenderer {
    private static final long serialVersionUID = 1L;
    private static final double CAP = 5.0;

    /** Measure by series (row) key and category (column) key. */
    private final transient Map<String, Map<String, Measure>> intervals;
    private final transient Paint whiskerPaint;
    private final transient Stroke whiskerStroke;

    IntervalBarRenderer(Map<String, Map<String, Measure>> intervals, Paint whiskerPaint, Stroke whiskerStroke) {
        this.intervals = intervals;
        this.whiskerPaint = whiskerPaint;
        this.whiskerStroke = whiskerStroke;
    }

    @Override
    public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
            CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column, int pass) {
        super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
        int visibleRow = state.getVisibleSeriesIndex(row);
        Measure m = intervals.getOrDefault(String.valueOf(dataset.getRowKey(row)), Map.of())
                .get(String.valueOf(dataset.getColumnKey(column)));
        if (visibleRow < 0 || m == null || !m.hasCi() || plot.getOrientation() != PlotOrientation.VERTICAL) {
            return;
        }
        RectangleEdge edge = plot.getRangeAxisEdge();
        double x = calculateBarW0(plot, PlotOrientation.VERTICAL, dataArea, domainAxis, state, visibleRow, column)
                + state.getBarWidth() / 2.0;
        boolean openLow = !Double.isFinite(m.ciLow());
        boolean openHigh = !Double.isFinite(m.ciHigh());
        double yLow = openLow ? dataArea.getMaxY() : rangeAxis.valueToJava2D(m.ciLow(), dataArea, edge);
        double yHigh = openHigh ? dataArea.getMinY() : rangeAxis.valueToJava2D(m.ciHigh(), dataArea, edge);
        g2.setPaint(whiskerPaint);
        g2.setStroke(whiskerStroke);
        g2.draw(new Line2D.Double(x, yLow, x, yHigh));
        if (!openHigh) {
            g2.draw(new Line2D.Double(x - CAP, yHigh, x + CAP, yHigh));
        }
        if (!openLow) {
            g2.draw(new Line2D.Double(x - CAP, yLow, x + CAP, yLow));
        }
    }

    @Override
    public Range findRangeBounds(CategoryDataset dataset, boolean includeInterval) {
        Range r = super.findRangeBounds(dataset, includeInterval);
        if (dataset == null) {
            return r;
        }
        for (int row = 0; row < dataset.getRowCount(); row++) {
            Map<String, Measure> byColumn = intervals.getOrDefault(String.valueOf(dataset.getRowKey(row)), Map.of());
            for (int col = 0; col < dataset.getColumnCount(); col++) {
                Measure m = byColumn.get(String.valueOf(dataset.getColumnKey(col)));
                if (m != null && m.hasCi()) {
                    for (double v : new double[] {m.ciLow(), m.ciHigh()}) {
                        if (Double.isFinite(v)) {
                            r = r == null ? new Range(v, v) : Range.expandToInclude(r, v);
                        }
                    }
                }
            }
        }
        return r;
    }
}
