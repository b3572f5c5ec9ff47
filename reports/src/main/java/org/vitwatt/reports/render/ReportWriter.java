package org.vitwatt.reports.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vitwatt.reports.analysis.Report;
import org.vitwatt.reports.analysis.plots.PlotData;
import org.vitwatt.reports.input.InputException;
import org.vitwatt.reports.input.IoFailure;
import org.vitwatt.reports.table.TableFamily;

/** Writes a {@link Report} into a directory: report.md, *.csv, report.json, index.html, plots/*.svg and *.png. */
public final class ReportWriter {
    private static final System.Logger LOG = System.getLogger(ReportWriter.class.getName());

    /** What to write. */
    public enum Format {
        MD, CSV, JSON, HTML, PLOTS
    }

    private ReportWriter() {
    }

    /** "vitwatt-reports VERSION". */
    public static String generator() {
        String v = ReportWriter.class.getPackage().getImplementationVersion();
        return "vitwatt-reports " + (v == null ? "dev" : v);
    }

    /**
     * Creates the output directory if needed and checks that a file can be written in it.
     *
     * @throws InputException UNWRITABLE, naming the directory and why
     */
    public static void prepare(Path out) throws InputException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InputException(InputException.Kind.UNWRITABLE, out + ": cannot write the report: exists and is "
                    + "not a directory");
        }
        try {
            Files.createDirectories(out);
            Path probe = Files.createTempFile(out, ".vitwatt-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new InputException(InputException.Kind.UNWRITABLE, out + ": cannot write the report: "
                    + IoFailure.describe(out, e), e);
        }
    }

    /**
     * Writes the report; returns the files written. The plots and the Markdown, CSV and JSON files are written in
     * parallel on all cores (they are independent); index.html then inlines the plots' SVG.
     */
    public static List<Path> write(Report r, Path out, Set<Format> formats) throws IOException {
        String generator = generator();
        String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<Path> written = new ArrayList<>();
        boolean needPlots = formats.contains(Format.PLOTS) || formats.contains(Format.HTML);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "vitwatt-report-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Plots.Rendered>> plots = new ArrayList<>();
            if (needPlots) {
                for (PlotData p : r.plots()) {
                    if (!(p instanceof PlotData.Missing)) {
                        plots.add(pool.submit(() -> Plots.render(p, formats.contains(Format.PLOTS))));
                    }
                }
            }
            List<Future<Path>> files = new ArrayList<>();
            if (formats.contains(Format.JSON)) {
                files.add(pool.submit(() -> AtomicFiles.write(out.resolve("report.json"),
                        o -> JsonReportWriter.write(r, generator, at, o))));
            }
            if (formats.contains(Format.CSV)) {
                for (TableFamily f : r.families()) {
                    files.add(pool.submit(() -> AtomicFiles.write(out.resolve(f.id() + ".csv"), o -> CsvWriter.write(f, o))));
                }
            }
            if (formats.contains(Format.MD)) {
                files.add(pool.submit(() -> AtomicFiles.write(out.resolve("report.md"),
                        o -> MarkdownWriter.write(r, generator, at, o))));
            }
            Map<String, String> svgs = new LinkedHashMap<>();
            if (formats.contains(Format.PLOTS) && !plots.isEmpty()) {
                Files.createDirectories(out.resolve("plots"));
            }
            for (Future<Plots.Rendered> f : plots) {
                Plots.Rendered p = f.get();
                svgs.put(p.data().id(), p.svg());
                if (formats.contains(Format.PLOTS)) {
                    Path dir = out.resolve("plots");
                    written.add(AtomicFiles.write(dir.resolve(p.data().id() + ".svg"),
                            o -> o.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").append(p.svg()).append('\n')));
                    written.add(AtomicFiles.write(dir.resolve(p.data().id() + ".png"), p.png()));
                }
            }
            if (formats.contains(Format.HTML)) {
                files.add(pool.submit(() -> AtomicFiles.write(out.resolve("index.html"),
                        o -> HtmlWriter.write(r, svgs, generator, at, o))));
            }
            for (Future<Path> f : files) {
                written.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the report", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("writing the report failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        LOG.log(System.Logger.Level.DEBUG, "wrote {0} files to {1}", written.size(), out);
        return written;
    }

    public static Set<Format> all() {
        return EnumSet.allOf(Format.class);
    }
}
