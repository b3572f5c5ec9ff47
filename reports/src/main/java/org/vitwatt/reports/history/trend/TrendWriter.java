package org.vitwatt.reports.history.trend;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.vitwatt.reports.analysis.BenchmarkKey;
import org.vitwatt.reports.history.compare.CompareWriter;
import org.vitwatt.reports.render.AtomicFiles;
import org.vitwatt.reports.render.CsvOut;
import org.vitwatt.reports.render.Plots;
import org.vitwatt.reports.render.TextOut;

/**
 * Writes a {@link Trend}: {@code trend-FIGURE.csv} (every point) and {@code trend-FIGURE.svg} / {@code .png}
 * (JFreeChart time series, one series per benchmark key, whiskers = the 99.9 % interval), each through a temporary
 * file and a rename.
 */
public final class TrendWriter {
    private static final Color[] PALETTE = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C),
        new Color(0xD62728), new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
        new Color(0xBCBD22), new Color(0x17BECF)};

    private TrendWriter() {
    }

    /**
     * What was written.
     *
     * @param files   the files, in order: CSV, SVG, PNG
     * @param plotted series drawn
     * @param omitted series left out of the plot (the CSV has them): the beyond {@code maxSeries} with fewest points
     */
    public record Written(List<Path> files, int plotted, List<String> omitted) {
    }

    /** Writes the CSV and the plot into {@code out} (created if needed). */
    public static Written write(Trend.Result t, Trend.Query q, Path out, int maxSeries, String subtitle)
            throws IOException {
        Files.createDirectories(out);
        String base = "trend-" + q.figure().slug();
        List<Path> files = new ArrayList<>();
        files.add(AtomicFiles.write(out.resolve(base + ".csv"), o -> csv(t, o)));
        List<Map.Entry<BenchmarkKey, List<Trend.Point>>> series = new ArrayList<>(t.series().entrySet());
        List<String> omitted = new ArrayList<>();
        if (series.size() > maxSeries) {
            List<Map.Entry<BenchmarkKey, List<Trend.Point>>> bySize = new ArrayList<>(series);
            bySize.sort(Comparator.comparingInt((Map.Entry<BenchmarkKey, List<Trend.Point>> e) -> -e.getValue().size())
                    .thenComparing(Map.Entry::getKey));
            List<Map.Entry<BenchmarkKey, List<Trend.Point>>> keep = bySize.subList(0, maxSeries);
            for (Map.Entry<BenchmarkKey, List<Trend.Point>> e : series) {
                if (!keep.contains(e)) {
                    omitted.add(CompareWriter.label(e.getKey()));
                }
            }
            series.retainAll(keep);
        }
        JFreeChart chart = chart(series, q, t, subtitle, omitted.size());
        int h = Plots.HEIGHT + Math.min(220, 16 * series.size());
        String svg = Plots.svg(chart, base, Plots.WIDTH, h);
        files.add(AtomicFiles.write(out.resolve(base + ".svg"),
                o -> o.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").append(svg).append('\n')));
        files.add(AtomicFiles.write(out.resolve(base + ".png"), Plots.png(chart, Plots.WIDTH, h)));
        return new Written(files, series.size(), omitted);
    }

    /** Every point (RFC 4180, UTF-8, CRLF), oldest first; a number that is not finite is an empty cell. */
    static void csv(Trend.Result t, TextOut text) throws IOException {
        CsvOut out = new CsvOut(text);
        out.line(List.of("series", "device", "benchmark", "model", "dataset", "precision", "provider", "batch",
                "params", "run_id", "tag", "started", "git", "vitwatt", "ort", "value", "ci_low", "ci_high", "error",
                "runs", "unit"));
        for (Trend.Point p : t.points()) {
            BenchmarkKey k = p.key();
            for (String cell : List.of(CompareWriter.label(k), p.run().device(), k.benchmark(), k.model(), k.dataset(),
                    k.precision(), k.provider(), Integer.toString(k.batch()), k.othersText(), p.run().runId(),
                    nz(p.run().tag()), p.run().started(), nz(p.run().git()), nz(p.run().vitwatt()),
                    nz(p.run().ort()))) {
                out.cell(cell);
            }
            for (double v : new double[] {p.value().value(), p.value().ciLow(), p.value().ciHigh(), p.value().error()}) {
                if (Double.isFinite(v)) {
                    out.number(v);
                } else {
                    out.empty();
                }
            }
            out.integer(p.value().runs()).cell(p.unit()).end();
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static JFreeChart chart(List<Map.Entry<BenchmarkKey, List<Trend.Point>>> series, Trend.Query q, Trend.Result t,
            String subtitle, int omitted) {
        YIntervalSeriesCollection ds = new YIntervalSeriesCollection();
        String unit = "";
        for (Map.Entry<BenchmarkKey, List<Trend.Point>> e : series) {
            YIntervalSeries s = new YIntervalSeries(CompareWriter.label(e.getKey()));
            for (Trend.Point p : e.getValue()) {
                double v = p.value().value();
                double lo = p.value().hasCi() && Double.isFinite(p.value().ciLow()) ? p.value().ciLow() : v;
                double hi = p.value().hasCi() && Double.isFinite(p.value().ciHigh()) ? p.value().ciHigh() : v;
                s.add(p.run().startedMs(), v, lo, hi);
                unit = p.unit();
            }
            ds.addSeries(s);
        }
        DateAxis x = new DateAxis("run start (UTC)");
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd HH:mm", Locale.ROOT);
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        x.setDateFormatOverride(f);
        x.setTimeZone(TimeZone.getTimeZone("UTC"));
        x.setLowerMargin(0.05);
        x.setUpperMargin(0.05);
        NumberAxis y = new NumberAxis(q.figure().title() + (unit.isEmpty() ? "" : " (" + unit + ")"));
        y.setAutoRangeIncludesZero(false);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDrawYError(true);
        r.setDefaultLinesVisible(true);
        r.setDefaultShapesVisible(true);
        r.setErrorStroke(new BasicStroke(1.0f));
        r.setCapLength(6);
        for (int i = 0; i < series.size(); i++) {
            Color c = PALETTE[i % PALETTE.length];
            r.setSeriesPaint(i, c);
            r.setSeriesStroke(i, new BasicStroke(1.6f));
            r.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        }
        XYPlot plot = new XYPlot(ds, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        JFreeChart chart = new JFreeChart(q.figure().title() + " over nights", new Font(Font.SANS_SERIF, Font.BOLD, 15),
                plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        List<String> parts = new ArrayList<>();
        if (!subtitle.isEmpty()) {
            parts.add(subtitle);
        }
        if (t.devices().size() == 1 && (q.device() == null || q.device().isBlank())) {
            parts.add("device " + t.devices().iterator().next());
        }
        if (omitted > 0) {
            parts.add(omitted + " series not drawn (see the CSV)");
        }
        parts.add("whiskers: 99.9 % confidence interval");
        String sub = String.join("; ", parts);
        chart.addSubtitle(new TextTitle(sub, new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        return chart;
    }
}
