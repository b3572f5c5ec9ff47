package org.vitwatt.core.search;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.Precision;
import org.vitwatt.core.Provider;
import org.vitwatt.core.accuracy.AccuracyOutcome;
import org.vitwatt.core.accuracy.AccuracyResult;
import org.vitwatt.core.accuracy.TrialData;
import org.vitwatt.core.data.ImageSet;
import org.vitwatt.core.precision.CalibrationImages;
import org.vitwatt.core.precision.Int8Weights;
import org.vitwatt.core.precision.ModelVariant;
import org.vitwatt.core.precision.PrecisionVariants;
import org.vitwatt.core.precision.Predictions;
import org.vitwatt.core.run.OpenSession;
import org.vitwatt.core.run.ProviderOptions;
import org.vitwatt.core.run.SessionFactory;
import org.vitwatt.core.trial.TrialEnvironment;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.groups.NodeGroups;
import org.vitwatt.models.precision.NumericType;

/**
 * Which plan to run on a model. Sensitivity first, as NNCF's HAWQ-style selection and ONNX Runtime's
 * {@code qdq_loss_debug} do per layer: every group (patch embedding, each block, head) alone at each lower precision
 * is built, run on the search's images and compared with FP32 (top-1 agreement, top-1 when labelled), and its cost
 * is counted (bit-weighted operations, file bytes). Then a greedy walk from FP32: the change with the least
 * agreement lost per operation saved is applied, the whole plan is measured (groups interact, so single-group losses
 * are not added up), and kept if its loss stays within the budget, else that change is dropped; unlike
 * Polygraphy's {@code debug precision}, which bisects towards FP32 from a failing low-precision engine, the walk
 * starts from the baseline and only ever measures plans it could keep. The result is the Pareto set of every
 * measured plan within the budget (cost against loss). The search optimises a device-agnostic cost, not measured
 * latency or energy: {@code benchmarks.jar Inference -p precision=<plans>} measures those.
 */
public final class PlanSearch {
    private final SearchOptions options;
    private final TrialEnvironment env;
    private final ModelRef model;
    private final TrialData data;
    private final int batch;
    private final boolean labelled;
    private final PrecisionVariants variants;
    private ImageSet calibration;
    private int[] fp32Predictions;
    private double fp32Top1 = Double.NaN;
    private int measured;
    private final long t0 = System.nanoTime();

    /**
     * The search's outcome.
     *
     * @param model       the model id
     * @param dataset     the images the plans were judged on
     * @param labelled    whether top-1 was measured (the loss is then top-1 points)
     * @param fp32        the baseline
     * @param sensitivity each group alone at each precision: group → precision → point
     * @param pareto      the Pareto set within the budget, cheapest first
     * @param budget      the budget, points
     * @param seconds     how long the search took
     */
    public record Result(String model, String dataset, boolean labelled, PlanPoint fp32,
            Map<String, Map<NumericType, PlanPoint>> sensitivity, List<PlanPoint> pareto, double budget,
            double seconds) {
    }

    private PlanSearch(SearchOptions options, TrialEnvironment env, ModelRef model, TrialData data, int batch) {
        this.options = options;
        this.env = env;
        this.model = model;
        this.data = data;
        this.batch = batch;
        this.labelled = data.scoreLimit() != 0;
        this.variants = new PrecisionVariants(env.cacheDir(), env.ort());
    }

    /** Runs the search {@code options} describe; progress, with the time left, goes to {@code env}'s progress. */
    public static Result run(SearchOptions options, TrialEnvironment env) {
        ModelRef model = ModelRef.resolve(env.models(), options.model(), env.ort(), env.progress());
        int batch = model.input().dim(0) > 0 ? (int) model.input().dim(0) : 16;
        try (TrialData data = TrialData.load(options.dataset(), model, batch, TrialData.ALL, 1, env.datasetCache(),
                env.progress())) {
            PlanSearch search = new PlanSearch(options, env, model, data, batch);
            try {
                return search.search();
            } finally {
                if (search.calibration != null) {
                    search.calibration.close();
                }
            }
        }
    }

    /** The groups a plan can name: patch_embed, blocks[i] for each block, head (those the model has). */
    static List<String> groups(NodeGroups g) {
        List<String> out = new ArrayList<>();
        if (!g.patchEmbed().isEmpty()) {
            out.add("patch_embed");
        }
        for (int i = 0; i < g.blockCount(); i++) {
            out.add("blocks[" + i + "]");
        }
        if (!g.head().isEmpty()) {
            out.add("head");
        }
        return out;
    }

    /**
     * The {@code -p precision=} value of an assignment (groups not in it stay FP32): {@code fp32} when empty, else
     * {@code mixed:} with runs of consecutive blocks at one precision written as one {@code blocks[i-j]} rule.
     */
    static String planText(Map<String, NumericType> assignment, int blockCount) {
        List<String> rules = new ArrayList<>();
        if (assignment.containsKey("patch_embed")) {
            rules.add("patch_embed=" + assignment.get("patch_embed").id());
        }
        int i = 0;
        while (i < blockCount) {
            NumericType t = assignment.get("blocks[" + i + "]");
            if (t == null) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < blockCount && t == assignment.get("blocks[" + (j + 1) + "]")) {
                j++;
            }
            rules.add("blocks[" + i + (j > i ? "-" + j : "") + "]=" + t.id());
            i = j + 1;
        }
        if (assignment.containsKey("head")) {
            rules.add("head=" + assignment.get("head").id());
        }
        return rules.isEmpty() ? "fp32" : "mixed:" + String.join("+", rules);
    }

    /** The Pareto set of {@code points} within {@code budget}, cheapest first. */
    static List<PlanPoint> pareto(List<PlanPoint> points, double budget) {
        List<PlanPoint> within = points.stream().filter(p -> p.loss() <= budget + 1e-9).toList();
        List<PlanPoint> out = new ArrayList<>();
        for (PlanPoint p : within) {
            if (within.stream().noneMatch(o -> o.dominates(p)) && out.stream().noneMatch(o -> o.precision()
                    .equals(p.precision()))) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparingDouble(PlanPoint::gbops).thenComparingDouble(PlanPoint::loss));
        return out;
    }

    private Result search() {
        NodeGroups g = model.graph().groups();
        List<String> groups = groups(g);
        if (groups.isEmpty()) {
            throw new VitwattException("search: " + model.id() + " has no groups a plan can name (groups: "
                    + String.join(", ", g.describe()) + ")");
        }
        int singles = groups.size() * options.precisions().size();
        say(String.format(Locale.ROOT, "search on %s: %d groups × %d precisions, %s, budget %.2f points of %s",
                model.id(), groups.size(), options.precisions().size(), labelled ? "labelled images"
                        : "unlabelled images (agreement with FP32 only)", options.budget(), labelled ? "top-1"
                                : "agreement"));
        PlanPoint fp32 = measure(Map.of(), singles * 2 + 1);
        List<PlanPoint> all = new ArrayList<>(List.of(fp32));
        Map<String, Map<NumericType, PlanPoint>> sensitivity = new LinkedHashMap<>();
        for (String group : groups) {
            Map<NumericType, PlanPoint> row = new TreeMap<>();
            for (NumericType t : options.precisions()) {
                PlanPoint p = measure(Map.of(group, t), singles * 2 + 1);
                row.put(t, p);
                all.add(p);
            }
            sensitivity.put(group, row);
        }
        // greedy: cheapest loss per operation saved first; every plan formed is measured as a whole
        Map<String, NumericType> current = new LinkedHashMap<>();
        List<String[]> rejected = new ArrayList<>();
        while (true) {
            String bestGroup = null;
            NumericType bestType = null;
            double bestScore = Double.POSITIVE_INFINITY;
            for (String group : groups) {
                double currentCost = current.containsKey(group) ? sensitivity.get(group).get(current.get(group))
                        .gbops() : fp32.gbops();
                for (NumericType t : options.precisions()) {
                    PlanPoint single = sensitivity.get(group).get(t);
                    double saved = currentCost - single.gbops();
                    String[] key = {group, t.id()};
                    if (saved <= 1e-12 || rejected.stream().anyMatch(r -> r[0].equals(key[0]) && r[1].equals(key[1]))) {
                        continue;
                    }
                    double score = (100 - single.agreement() + 1e-3) / saved;
                    if (score < bestScore) {
                        bestScore = score;
                        bestGroup = group;
                        bestType = t;
                    }
                }
            }
            if (bestGroup == null) {
                break;
            }
            Map<String, NumericType> next = new LinkedHashMap<>(current);
            next.put(bestGroup, bestType);
            PlanPoint p = measure(next, singles * 2 + 1);
            all.add(p);
            if (p.loss() <= options.budget() + 1e-9) {
                current = next;
            } else {
                rejected.add(new String[] {bestGroup, bestType.id()});
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        say(String.format(Locale.ROOT, "search done: %d plans measured in %.1f s", measured, seconds));
        return new Result(model.id(), options.dataset().toString(), labelled, fp32, sensitivity,
                pareto(all, options.budget()), options.budget(), seconds);
    }

    private PlanPoint measure(Map<String, NumericType> assignment, int planned) {
        String text = planText(assignment, model.graph().groups().blockCount());
        Precision precision = Precision.parse(text);
        PrecisionVariants.check(model, precision, options.provider());
        ModelVariant v = variants.resolve(model, precision, options.provider(), options.calibration(),
                Int8Weights.AUTO.choose(options.provider(), env.cpu()), this::calibrationImages, s -> { });
        int[] predictions;
        double top1 = Double.NaN;
        ProviderOptions po = ProviderOptions.of(v, options.device(), batch, model.input().name(),
                data.images().height(), env.cacheDir(), options.provider() == Provider.CPU ? "cpu"
                        : env.gpuName().apply(options.device()), options.provider() == Provider.TENSORRT
                                ? env.tensorrtVersion().get() : "none");
        try (OpenSession s = new SessionFactory(env.ort()).open(v, po, 0)) {
            if (labelled) {
                AccuracyOutcome o = data.score(s.session(), env.ort(), model, batch, options.dataset().toString(),
                        line -> { });
                AccuracyResult r = o.result().orElseThrow(() -> new VitwattException("search: " + o.notAvailable()
                        .orElse("no accuracy")));
                predictions = r.predictions();
                top1 = r.top1Percent();
            } else {
                predictions = Predictions.top1(s.session(), env.ort(), data.images(), data.images().count(), batch);
            }
        } catch (OrtException e) {
            throw new VitwattException("search: cannot close the session of " + text + ": " + e.getMessage());
        }
        if (fp32Predictions == null) {
            fp32Predictions = predictions;
            fp32Top1 = top1;
        }
        double agreement = AccuracyResult.agreementPercent(fp32Predictions, predictions);
        // a plan that scores above FP32 on these images has lost nothing: no negative loss, so noise buys no place
        double loss = Math.max(0, labelled ? fp32Top1 - top1 : 100 - agreement);
        long bytes;
        try {
            bytes = Files.size(v.file());
        } catch (IOException e) {
            throw new VitwattException("search: cannot read the size of " + v.file() + ": " + e.getMessage());
        }
        PlanPoint p = new PlanPoint(text, agreement, labelled ? OptionalDouble.of(top1) : OptionalDouble.empty(),
                PrecisionVariants.bops(model, precision) / 1e9, bytes, loss);
        measured++;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        say(String.format(Locale.ROOT, "search %d/≤%d: %s agreement %.1f %%%s, %.3f GBOPs (%.0f s, ≤%.0f s left)",
                measured, planned, text, agreement, labelled ? String.format(Locale.ROOT, ", top-1 %.1f %%", top1)
                        : "", p.gbops(), elapsed, elapsed / measured * (planned - measured)));
        return p;
    }

    private ImageSet calibrationImages() {
        if (calibration == null) {
            calibration = CalibrationImages.load(model, options.calibration(), options.dataset(), env.datasetCache(),
                    env.progress());
        }
        return calibration;
    }

    private void say(String line) {
        env.progress().say(line);
    }
}
