package org.vitwatt.reports.history.trend;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
import org.vitwatt.reports.render.Plots;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Numbers;

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
        files.add(atomic(out.resolve(base + ".csv"), csv(t).getBytes(StandardCharsets.UTF_8)));
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
        files.add(atomic(out.resolve(base + ".svg"), ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + Plots.svg(chart, base, Plots.WIDTH, h) + "\n").getBytes(StandardCharsets.UTF_8)));
        files.add(atomic(out.resolve(base + ".png"), Plots.png(chart, Plots.WIDTH, h)));
        return new Written(files, series.size(), omitted);
    }

    /** Every point (RFC 4180, UTF-8, CRLF), oldest first. */
    static String csv(Trend.Result t) {
        StringBuilder sb = new StringBuilder();
        line(sb, List.of("series", "device", "benchmark", "model", "dataset", "precision", "provider", "batch",
                "params", "run_id", "tag", "started", "git", "vitwatt", "ort", "value", "ci_low", "ci_high", "error",
                "runs", "unit"));
        for (Trend.Point p : t.points()) {
            BenchmarkKey k = p.key();
            line(sb, List.of(CompareWriter.label(k), p.run().device(), k.benchmark(), k.model(), k.dataset(),
                    k.precision(), k.provider(), Integer.toString(k.batch()), k.othersText(), p.run().runId(),
                    p.run().tag() == null ? "" : p.run().tag(), p.run().started(), nz(p.run().git()),
                    nz(p.run().vitwatt()), nz(p.run().ort()), num(p.value().value()), num(p.value().ciLow()),
                    num(p.value().ciHigh()), num(p.value().error()), Integer.toString(p.value().runs()), p.unit()));
        }
        return sb.toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Numbers.compact(v) : "";
    }

    private static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String s = cells.get(i);
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                sb.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(s);
            }
        }
        sb.append("\r\n");
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
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd HH:mm", java.util.Locale.ROOT);
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

    private static Path atomic(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
