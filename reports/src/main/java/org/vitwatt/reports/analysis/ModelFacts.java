package org.vitwatt.reports.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.vitwatt.models.catalog.CatalogEntry;
import org.vitwatt.reports.analysis.ReportOptions.AccuracySource;
import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.reports.metrics.NetScore;
import org.vitwatt.results.Metrics;

/**
 * What stage 1 knows of one model: parameters, MACs, the top-1 NetScore uses, where each came from, and NetScore.
 * Params and MACs come from the results ({@code model.params}, {@code model.gmacs}; an FP32 result's first), else the
 * catalog; top-1 is the catalog's published one, or with {@code --accuracy measured} the measured one where a result
 * has it (ImageNet before other datasets, FP32 before other precisions).
 *
 * @param model      canonical model name
 * @param paperName  the paper's name from the catalog, "" when none
 * @param inResults  false for a catalog model listed only because of {@code --catalog}
 * @param paramsM    parameters in millions
 * @param paramsFrom "results" or "catalog"
 * @param gmacs      MACs per image in billions
 * @param gmacsFrom  "results" or "catalog"
 * @param top1       the top-1 NetScore uses, %
 * @param top1From   "published", "measured (dataset, precision, device)", ...
 * @param netScore   Ω in dB, or why it is n/a
 */
public record ModelFacts(String model, String paperName, boolean inResults, Val paramsM, String paramsFrom, Val gmacs,
        String gmacsFrom, Val top1, String top1From, Val netScore) {

    /** The facts of every model in the results (and the catalog's with {@code --catalog}), by name, sorted. */
    public static Map<String, ModelFacts> of(List<Merged> merged, ReportOptions options, ModelNames names) {
        Map<String, List<Merged>> byModel = new TreeMap<>();
        for (Merged m : merged) {
            byModel.computeIfAbsent(m.key().model(), k -> new ArrayList<>()).add(m);
        }
        Map<String, ModelFacts> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Merged>> e : byModel.entrySet()) {
            out.put(e.getKey(), of(e.getKey(), e.getValue(), options, names));
        }
        if (options.withCatalog()) {
            for (CatalogEntry ce : names.catalog().entries()) {
                out.computeIfAbsent(ce.id(), id -> of(id, List.of(), options, names));
            }
        }
        return out;
    }

    private static ModelFacts of(String model, List<Merged> ms, ReportOptions options, ModelNames names) {
        Optional<CatalogEntry> ce = names.entry(model);
        List<Merged> ordered = new ArrayList<>(ms); // an fp32 result's figures first: the model as published
        ordered.sort(Comparator.comparingInt(m -> BenchmarkKey.precisionOrder(m.key().precision())));
        Val params = Val.na("no model.params in the results and not in the catalog");
        String paramsFrom = "";
        Val gmacs = Val.na("no model.gmacs in the results and not in the catalog");
        String gmacsFrom = "";
        for (Merged m : ordered) {
            if (!params.ok() && m.metric(Metrics.MODEL_PARAMS.label()).isPresent()) {
                params = Val.of(Measure.exact(m.metric(Metrics.MODEL_PARAMS.label()).get().value() / 1e6));
                paramsFrom = "results";
            }
            if (!gmacs.ok() && m.metric(Metrics.MODEL_GMACS.label()).isPresent()) {
                gmacs = Val.of(Measure.exact(m.metric(Metrics.MODEL_GMACS.label()).get().value()));
                gmacsFrom = "results";
            }
        }
        if (!params.ok() && ce.isPresent() && ce.get().published().paramsMillions() > 0) {
            params = Val.of(Measure.exact(ce.get().published().paramsMillions()));
            paramsFrom = "catalog";
        }
        if (!gmacs.ok() && ce.isPresent() && ce.get().published().gmacs() > 0) {
            gmacs = Val.of(Measure.exact(ce.get().published().gmacs()));
            gmacsFrom = "catalog";
        }
        Val top1 = Val.na(ce.isPresent() ? "no published top-1 in the catalog"
                : "not in the catalog: no published top-1" + (options.accuracy() == AccuracySource.PUBLISHED
                        ? " (try --accuracy measured)" : ""));
        String top1From = "";
        if (ce.isPresent() && ce.get().published().top1() > 0) {
            top1 = Val.of(Measure.exact(ce.get().published().top1()));
            top1From = "published";
        }
        if (options.accuracy() == AccuracySource.MEASURED) {
            Merged best = null;
            for (Merged m : ordered) {
                if (m.accuracy(Metrics.ACCURACY_TOP1.label()).ok()
                        && (best == null || accuracyPreference(m) < accuracyPreference(best))) {
                    best = m;
                }
            }
            if (best != null) {
                top1 = Val.of(Measure.exact(best.accuracy(Metrics.ACCURACY_TOP1.label()).value()));
                top1From = "measured (" + best.key().dataset() + ", " + best.key().precision() + ", "
                        + best.key().device() + ")";
            } else if (top1.ok()) {
                top1From = "published (no measured top-1)";
            }
        }
        Val ns;
        if (!top1.ok()) {
            ns = Val.na(top1.reason());
        } else if (!params.ok()) {
            ns = Val.na(params.reason());
        } else if (!gmacs.ok()) {
            ns = Val.na(gmacs.reason());
        } else {
            ns = Val.of(Measure.exact(NetScore.of(top1.value(), params.value(), gmacs.value())));
        }
        return new ModelFacts(model, ce.map(CatalogEntry::paperName).orElse(""), !ms.isEmpty(), params, paramsFrom,
                gmacs, gmacsFrom, top1, top1From, ns);
    }

    /** Lower is preferred: imagenet before other datasets, fp32 before other precisions. */
    private static int accuracyPreference(Merged m) {
        return (m.key().dataset().equals("imagenet") ? 0 : 10) + BenchmarkKey.precisionOrder(m.key().precision());
    }

    /** "results", "catalog", or "results · catalog" when params and MACs came from different places. */
    public String figuresFrom() {
        if (paramsFrom.equals(gmacsFrom)) {
            return paramsFrom;
        }
        return (paramsFrom.isEmpty() ? "—" : paramsFrom) + " · " + (gmacsFrom.isEmpty() ? "—" : gmacsFrom);
    }

    /** The model of a model label ("deit_tiny [other]" → "deit_tiny"). */
    public static String modelOf(String modelLabel) {
        int i = modelLabel.indexOf(" [");
        return i < 0 ? modelLabel : modelLabel.substring(0, i);
    }
}
