package org.vitwatt.core.precision;

import java.nio.file.Path;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.data.DatasetIndex;
import org.vitwatt.core.data.DatasetSpec;
import org.vitwatt.core.data.Datasets;
import org.vitwatt.core.data.ImagePipeline;
import org.vitwatt.core.data.ImageSet;
import org.vitwatt.core.data.SyntheticImages;
import org.vitwatt.core.data.DatasetCache;
import org.vitwatt.feedback.Progress;

/**
 * The images INT8 calibration runs through the FP32 model: the calibration spec's own dataset, else the
 * benchmark's, preprocessed for the model exactly as the benchmark's images are. Synthetic calibration images
 * use another seed than the benchmark's synthetic images, so calibration never sees the images it is then
 * judged on.
 */
public final class CalibrationImages {
    /** Seed of synthetic calibration images (the benchmark's own synthetic images use 42). */
    public static final long SYNTHETIC_SEED = 7;

    private CalibrationImages() {
    }

    /** Loads {@code spec.images()} images (fewer when the dataset is smaller) for {@code model}. */
    public static ImageSet load(ModelRef model, CalibrationSpec spec, DatasetSpec benchmarkDataset,
            Progress progress) {
        return load(model, spec, benchmarkDataset, DatasetCache.defaultDir(), progress);
    }

    /** {@link #load} with preprocessed datasets cached in {@code datasetCache}. */
    public static ImageSet load(ModelRef model, CalibrationSpec spec, DatasetSpec benchmarkDataset,
            Path datasetCache, Progress progress) {
        DatasetSpec ds = spec.dataset().isEmpty() ? benchmarkDataset : DatasetSpec.parse(spec.dataset());
        if (!ds.onDisk()) {
            return new SyntheticImages(model.preprocessing(), spec.images(), SYNTHETIC_SEED);
        }
        DatasetIndex index = Datasets.index(ds);
        ImagePipeline pipeline = ImagePipeline.forModel(ds, model);
        return Datasets.load(index, pipeline, Math.min(spec.images(), index.count()), datasetCache, progress);
    }
}
