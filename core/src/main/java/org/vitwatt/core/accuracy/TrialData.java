package org.vitwatt.core.accuracy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Locale;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.data.DatasetCache;
import org.vitwatt.core.data.DatasetIndex;
import org.vitwatt.core.data.DatasetSpec;
import org.vitwatt.core.data.Datasets;
import org.vitwatt.core.data.ImagePipeline;
import org.vitwatt.core.data.ImageSet;
import org.vitwatt.core.data.SyntheticImages;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;

/**
 * The images of one benchmark trial and how accuracy will be scored on them: what a benchmark's trial
 * setup needs from {@code -p dataset=} and {@code -p accuracyLimit=}, in one place a unit test reaches.
 *
 * <p>Synthetic data: {@link SyntheticImages} as before, accuracy n/a. A dataset on disk: indexed, then the
 * images to score ({@code accuracyLimit}, at least one batch) preprocessed for the model through the
 * cache. When accuracy is n/a before running anything (synthetic weights, a head that does not match the
 * dataset's classes) or skipped ({@code accuracyLimit=0}), only the batches the timed loop cycles through
 * are loaded.
 *
 * @param images     the preprocessed images (closed with this)
 * @param plan       how accuracy will be scored, or why it is n/a
 * @param scoreLimit images to score: -1 = all loaded, 0 = none
 */
public record TrialData(ImageSet images, AccuracyPlan plan, int scoreLimit) implements AutoCloseable {
    /** {@code -p accuracyLimit} meaning every image. */
    public static final String ALL = "all";

    /**
     * Parses {@code -p accuracyLimit}: {@code all} → -1, a whole number ≥ 0 as is (0 = skip accuracy); anything
     * else, a negative number included, is refused.
     */
    public static int parseLimit(String text) {
        String v = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (v.equals(ALL)) {
            return -1;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new VitwattException("-p accuracyLimit=" + text + " is not 'all', 0 (skip) or a number of images");
    }

    /**
     * Loads the images of {@code dataset} for {@code model}: {@code batch} images per inference,
     * {@code timedBatches} distinct batches cycled by the timed loop, the cache in {@code cacheDir}.
     */
    public static TrialData load(DatasetSpec dataset, ModelRef model, int batch, String accuracyLimit,
            int timedBatches, Path cacheDir, Progress progress) {
        return load(dataset, model, batch, parseLimit(accuracyLimit), timedBatches, cacheDir, progress);
    }

    /** {@link #load} with the limit parsed: -1 = every image, 0 = none scored. */
    public static TrialData load(DatasetSpec dataset, ModelRef model, int batch, int limit, int timedBatches,
            Path cacheDir, Progress progress) {
        if (!dataset.onDisk()) {
            SyntheticImages s = new SyntheticImages(model.preprocessing(),
                    Math.max(SyntheticImages.DEFAULT_COUNT, 2 * batch), 42);
            return new TrialData(s, AccuracyPlan.of(s.classes(), false, model.numClasses(),
                    model.resolved().syntheticWeights(), model.id(), dataset.toString()), 0);
        }
        DatasetIndex index = Datasets.index(dataset);
        Datasets.requireBatch(index, batch);
        ImagePipeline pipeline = ImagePipeline.forModel(dataset, model);
        AccuracyPlan plan = AccuracyPlan.of(index.classes(), true, model.numClasses(),
                model.resolved().syntheticWeights(), model.id(), dataset.toString());
        // a model whose class count is not declared is scored anyway: the evaluator learns it from the output
        boolean score = limit != 0 && (plan instanceof AccuracyPlan.Score || model.numClasses() <= 0
                && !model.resolved().syntheticWeights());
        int n = Datasets.imagesToLoad(index.count(), score ? limit : 0, batch, timedBatches);
        ImageSet images = Datasets.load(index, pipeline, n, cacheDir, progress);
        return new TrialData(images, plan, score ? limit : 0);
    }

    /** {@link #load} with the cache in {@link DatasetCache#defaultDir()}. */
    public static TrialData load(DatasetSpec dataset, ModelRef model, int batch, String accuracyLimit,
            int timedBatches, Progress progress) {
        return load(dataset, model, batch, accuracyLimit, timedBatches, DatasetCache.defaultDir(), progress);
    }

    /**
     * Scores {@code model} through its open {@code session}, in batches of {@code batch}; n/a (with the
     * reason) when the plan says so or accuracy is skipped.
     */
    public AccuracyOutcome score(OrtSession session, OrtEnvironment env, ModelRef model, int batch,
            String dataset, Progress progress) {
        if (scoreLimit == 0) {
            return AccuracyOutcome.notAvailable(plan instanceof AccuracyPlan.NotAvailable na ? na.reason()
                    : "accuracy skipped (-p accuracyLimit=0)");
        }
        return Evaluator.evaluate(session, env, new Evaluator.Request(images, batch, scoreLimit, model.numClasses(),
                model.input().dim(0) > 0, model.resolved().syntheticWeights(), model.id(), dataset), progress);
    }

    @Override
    public void close() {
        images.close();
    }
}
