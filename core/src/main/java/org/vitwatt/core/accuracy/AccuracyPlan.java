package org.vitwatt.core.accuracy;

import java.util.List;
import java.util.Locale;
import org.vitwatt.core.data.ImageNetClasses;

/**
 * Whether a model's outputs can be scored against a dataset's labels, and how labels map to output
 * indices; otherwise why not. Never a guess: a head that was not trained on the dataset's classes gives
 * "n/a", not a wrong number.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>no labels (synthetic images) → n/a;</li>
 *   <li>vitwatt-built synthetic weights → n/a (the number would be chance level);</li>
 *   <li>the dataset's classes are all ImageNet-1k WordNet ids and the model has 1000 outputs → label =
 *       the id's index in the standard sorted order (an ImageNet subset such as a 10-class folder of
 *       WordNet ids is scored against the full 1000-way head);</li>
 *   <li>as many dataset classes as outputs → dataset class {@code i} is output {@code i} (CIFAR-10 on a
 *       10-class head, an ImageFolder on a head trained with torchvision's ImageFolder order);</li>
 *   <li>anything else (CIFAR-10 on a 1000-class ImageNet head, …) → n/a.</li>
 * </ol>
 */
public sealed interface AccuracyPlan {
    /** Score, mapping dataset label {@code l} to model output {@code labelToModel[l]}. */
    record Score(int[] labelToModel, int modelClasses, String how) implements AccuracyPlan {
        public Score {
            labelToModel = labelToModel.clone();
        }

        /** The model output index of dataset label {@code label}. */
        public int map(int label) {
            return labelToModel[label];
        }
    }

    /** No number, and why. */
    record NotAvailable(String reason) implements AccuracyPlan {
    }

    /**
     * The plan for {@code model} (with {@code modelClasses} outputs, -1 when unknown) on a dataset with
     * {@code datasetClasses} (empty or {@code labelled == false} when it has no labels).
     */
    static AccuracyPlan of(List<String> datasetClasses, boolean labelled, int modelClasses,
            boolean syntheticWeights, String model, String dataset) {
        if (!labelled || datasetClasses.isEmpty()) {
            return new NotAvailable("dataset " + dataset + " has no labels: accuracy needs cifar10:DIR, "
                    + "imagenet:DIR or folder:DIR");
        }
        if (syntheticWeights) {
            return new NotAvailable("model " + model + " has vitwatt-built synthetic weights, so its accuracy "
                    + "would be chance level: give a trained ONNX export (onnx-models/scripts/export_timm.py) "
                    + "to measure accuracy");
        }
        if (modelClasses <= 0) {
            return new NotAvailable("model " + model + " does not say how many classes it outputs (its output is "
                    + "not [batch, classes])");
        }
        int n = datasetClasses.size();
        if (modelClasses == ImageNetClasses.COUNT && ImageNetClasses.allWnids(datasetClasses)) {
            int[] map = new int[n];
            for (int i = 0; i < n; i++) {
                map[i] = ImageNetClasses.indexOf(datasetClasses.get(i));
            }
            return new Score(map, modelClasses, n == ImageNetClasses.COUNT ? "ImageNet-1k classes"
                    : "ImageNet-1k subset of " + n + " classes, scored against all 1000 outputs");
        }
        if (n == modelClasses) {
            int[] map = new int[n];
            for (int i = 0; i < n; i++) {
                map[i] = i;
            }
            return new Score(map, modelClasses, "dataset class i = model output i (" + n + " classes)");
        }
        return new NotAvailable(String.format(Locale.ROOT, "model %s has a head of %d classes but dataset %s has "
                + "%d (%s): a model is scored only on the classes its head was trained for (e.g. a CIFAR-10 "
                + "fine-tune with num_classes=10); latency and energy are still measured", model, modelClasses,
                dataset, n, preview(datasetClasses)));
    }

    private static String preview(List<String> classes) {
        return classes.size() <= 4 ? String.join(", ", classes)
                : String.join(", ", classes.subList(0, 3)) + ", …";
    }
}
