package org.vitwatt.reports.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.vitwatt.reports.analysis.PlotData;
import org.vitwatt.reports.analysis.Report;
import org.vitwatt.reports.input.InputException;
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
        try {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new InputException(InputException.Kind.UNWRITABLE, out + ": cannot write the report: exists and is not a directory");
            }
            Files.createDirectories(out);
            Path probe = Files.createTempFile(out, ".vitwatt-write-check", ".tmp");
            Files.delete(probe);
        } catch (InputException e) {
            throw e;
        } catch (AccessDeniedException e) {
            throw new InputException(InputException.Kind.UNWRITABLE, out + ": cannot write the report: permission denied"
                    + (e.getFile() != null && !Path.of(e.getFile()).equals(out) ? " (" + e.getFile() + ")" : ""), e);
        } catch (FileAlreadyExistsException e) {
            throw new InputException(InputException.Kind.UNWRITABLE, out + ": cannot write the report: " + e.getFile()
                    + " exists and is not a directory", e);
        } catch (IOException e) {
            throw new InputException(InputException.Kind.UNWRITABLE, out + ": cannot write the report: " + e, e);
        }
    }

    /**
     * Writes the report; returns the files written. The plots and the Markdown, CSV and JSON texts are produced in
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
                        plots.add(pool.submit(() -> Plots.render(p)));
                    }
                }
            }
            Future<String> md = formats.contains(Format.MD) ? pool.submit(() -> MarkdownWriter.write(r, generator, at)) : null;
            Future<Path> json = formats.contains(Format.JSON) ? pool.submit(() -> atomic(out.resolve("report.json"), w -> {
                JsonReportWriter.write(r, generator, at, w);
            })) : null;
            Map<String, Future<String>> csv = new LinkedHashMap<>();
            if (formats.contains(Format.CSV)) {
                for (TableFamily f : r.families()) {
                    csv.put(f.id(), pool.submit(() -> CsvWriter.write(f)));
                }
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
                    written.add(atomic(dir.resolve(p.data().id() + ".svg"),
                            ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + p.svg() + "\n").getBytes(StandardCharsets.UTF_8)));
                    written.add(atomic(dir.resolve(p.data().id() + ".png"), p.png()));
                }
            }
            Future<String> html = formats.contains(Format.HTML)
                    ? pool.submit(() -> HtmlWriter.write(r, svgs, generator, at)) : null;
            if (md != null) {
                written.add(atomic(out.resolve("report.md"), md.get()));
            }
            for (Map.Entry<String, Future<String>> e : csv.entrySet()) {
                written.add(atomic(out.resolve(e.getKey() + ".csv"), e.getValue().get()));
            }
            if (json != null) {
                written.add(json.get());
            }
            if (html != null) {
                written.add(atomic(out.resolve("index.html"), html.get()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the report", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
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

    /** Something that writes text. */
    interface TextSink {
        void writeTo(java.io.Writer w) throws IOException;
    }

    /** Streams text (UTF-8) through a temporary file and a rename. */
    private static Path atomic(Path file, TextSink sink) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (java.io.Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            sink.writeTo(w);
        }
        move(tmp, file);
        return file;
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Path atomic(Path file, String text) throws IOException {
        return atomic(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes through a temporary file and a rename, so a reader never sees half a file. */
    private static Path atomic(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        move(tmp, file);
        return file;
    }
}
