package org.vitwatt.core.accuracy;

import java.util.Arrays;
import java.util.Locale;

/**
 * Accuracy over the images scored: top-1 and top-k (k = 5, or the number of classes when fewer) and the
 * per-image top-1 predictions, so another run of the same images (another precision) can be compared
 * image by image ({@link #agreementPercent}).
 *
 * @param images       images scored
 * @param top1         images whose highest logit is their label
 * @param topK         images whose label is among their {@code k} highest logits
 * @param k            the k of {@code topK}: min(5, classes)
 * @param predictions  top-1 class (in the model's output index) per image, in scoring order
 * @param labels       the label per image, mapped to the model's output index
 * @param modelClasses the model's output classes
 */
public record AccuracyResult(int images, int top1, int topK, int k, int[] predictions, int[] labels,
        int modelClasses) {
    public AccuracyResult {
        if (predictions.length != images || labels.length != images) {
            throw new IllegalArgumentException("predictions and labels must have one entry per image");
        }
        predictions = predictions.clone();
        labels = labels.clone();
    }

    /** Top-1 accuracy in % (0..100). */
    public double top1Percent() {
        return images == 0 ? Double.NaN : 100.0 * top1 / images;
    }

    /** Top-5 accuracy in % (top-k with k = min(5, classes)). */
    public double top5Percent() {
        return images == 0 ? Double.NaN : 100.0 * topK / images;
    }

    @Override
    public int[] predictions() {
        return predictions.clone();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /**
     * Top-1 agreement in %: the share of images on which this result and {@code reference} (e.g. the FP32
     * model on the same images) predict the same class. Both must have scored the same images in the same
     * order (same count is checked).
     */
    public double agreementPercent(AccuracyResult reference) {
        return agreementPercent(predictions, reference.predictions);
    }

    /** Share (%) of positions where {@code a} and {@code b} hold the same class; arrays of equal length. */
    public static double agreementPercent(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("agreement needs predictions of the same images: " + a.length
                    + " vs " + b.length);
        }
        if (a.length == 0) {
            return Double.NaN;
        }
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return 100.0 * same / a.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccuracyResult r && r.images == images && r.top1 == top1 && r.topK == topK && r.k == k
                && r.modelClasses == modelClasses && Arrays.equals(r.predictions, predictions)
                && Arrays.equals(r.labels, labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(predictions) + images;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "top-1 %.2f %%, top-%d %.2f %% over %,d images", top1Percent(), k,
                top5Percent(), images);
    }
}
