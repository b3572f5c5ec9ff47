package org.vitwatt.core.search;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.precision.NumericType;

/**
 * The search's outcome as a table (group × precision → loss, then the Pareto plans) and as {@code plans.json}, whose
 * {@code pareto[].precision} values are exact {@code -p precision=} values.
 */
public final class SearchReport {
    /** The format of plans.json, bumped when a field changes meaning. */
    public static final int FORMAT = 1;

    private SearchReport() {
    }

    /** Writes the tables to {@code out}. */
    public static void print(PlanSearch.Result r, PrintStream out) {
        String lossName = r.labelled() ? "top-1 loss vs FP32, points" : "disagreement with FP32, %";
        out.printf(Locale.ROOT, "sensitivity of %s on %s: each group alone (%s)%n", r.model(), r.dataset(), lossName);
        List<NumericType> types = r.sensitivity().values().iterator().next().keySet().stream().toList();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-14s", "group"));
        types.forEach(t -> head.append(String.format(Locale.ROOT, " %10s", t.id())));
        out.println(head);
        for (Map.Entry<String, Map<NumericType, PlanPoint>> e : r.sensitivity().entrySet()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-14s", e.getKey()));
            for (NumericType t : types) {
                row.append(String.format(Locale.ROOT, " %10.2f", e.getValue().get(t).loss()));
            }
            out.println(row);
        }
        out.println();
        out.printf(Locale.ROOT, "Pareto plans within %.2f points (cost: bit-weighted operations per image; FP32 %.3f "
                + "GBOPs, %.2f MiB)%n", r.budget(), r.fp32().gbops(), r.fp32().fileBytes() / 1048576.0);
        out.printf(Locale.ROOT, "%9s %9s %8s %10s %7s  %s%n", "GBOPs", "file MiB", "loss", "agreement", "top-1",
                "-p precision=");
        for (PlanPoint p : r.pareto()) {
            out.printf(Locale.ROOT, "%9.3f %9.2f %8.2f %9.1f%% %7s  %s%n", p.gbops(), p.fileBytes() / 1048576.0,
                    p.loss(), p.agreement(), p.top1().isPresent() ? String.format(Locale.ROOT, "%.1f%%",
                            p.top1().getAsDouble()) : "n/a", p.precision());
        }
        out.printf(Locale.ROOT, "loss = %s; BOPs = Σ MACs × weight bits × activation bits; searched in %.1f s%n",
                r.labelled() ? "FP32's top-1 minus the plan's (0 when above)" : "100 − top-1 agreement with FP32", r.seconds());
    }

    /** Writes {@code plans.json} atomically. */
    public static void write(PlanSearch.Result r, Path file) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("model", r.model());
        json.put("dataset", r.dataset());
        json.put("labelled", r.labelled());
        json.put("loss", r.labelled() ? "top-1 points below FP32" : "100 - top-1 agreement with FP32, %");
        json.put("budget", r.budget());
        json.put("seconds", r.seconds());
        json.put("fp32", point(r.fp32()));
        List<Object> sens = new ArrayList<>();
        r.sensitivity().forEach((group, row) -> row.forEach((t, p) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", group);
            m.put("groupPrecision", t.id());
            m.putAll(point(p));
            sens.add(m);
        }));
        json.put("sensitivity", sens);
        json.put("pareto", r.pareto().stream().map(SearchReport::point).toList());
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
            Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json)
                    + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VitwattException("search: cannot write " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> point(PlanPoint p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", p.precision());
        m.put("agreement", p.agreement());
        if (p.top1().isPresent()) {
            m.put("top1", p.top1().getAsDouble());
        }
        m.put("loss", p.loss());
        m.put("gbops", p.gbops());
        m.put("fileBytes", p.fileBytes());
        return m;
    }
}
