package org.vitwatt.core.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;

/**
 * Finding, indexing and loading the datasets of {@code -p dataset=}.
 *
 * <p><b>Where.</b> {@code KIND:PATH}: an absolute path, or a relative one resolved against the working
 * directory and, when nothing is there and {@code -Dvitwatt.data=DIR} is set, against {@code DIR}. A bare
 * {@code cifar10} or {@code imagenet} is looked up under {@code -Dvitwatt.data=DIR}, first match wins:
 * {@code cifar10} → {@code DIR/cifar10}, {@code DIR/cifar-10-batches-bin}; {@code imagenet} →
 * {@code DIR/imagenet/val}, {@code DIR/imagenet}, {@code DIR/ILSVRC2012_img_val}, {@code DIR/val}.
 *
 * <p><b>Which images.</b> All of them in the dataset's order when {@code n >= count}; otherwise {@code n}
 * images evenly spaced over that order ({@link #select}), so a partial run of an ImageNet class-folder
 * layout still covers every class.
 */
public final class Datasets {
    /** System property naming the directory bare dataset names are found in. */
    public static final String DATA_PROPERTY = "vitwatt.data";

    private Datasets() {
    }

    /** {@code -Dvitwatt.data=DIR}, if set. */
    public static Optional<Path> dataDir() {
        String p = System.getProperty(DATA_PROPERTY);
        return p == null || p.isBlank() ? Optional.empty() : Optional.of(Path.of(p.trim()));
    }

    /** Candidate locations of a bare dataset name under {@code data}. */
    static List<Path> candidates(DatasetSpec.Kind kind, Path data) {
        return switch (kind) {
            case CIFAR10 -> List.of(data.resolve("cifar10"), data.resolve("cifar-10-batches-bin"));
            case IMAGENET -> List.of(data.resolve("imagenet").resolve("val"), data.resolve("imagenet"),
                    data.resolve("ILSVRC2012_img_val"), data.resolve("val"));
            default -> List.of();
        };
    }

    /** Where {@code spec}'s files are, per the rules above; a {@link VitwattException} when nowhere. */
    public static Path locate(DatasetSpec spec, Optional<Path> data) {
        if (!spec.onDisk()) {
            throw new IllegalArgumentException("synthetic data has no location");
        }
        if (!spec.location().isEmpty()) {
            Path p = Path.of(spec.location());
            if (Files.exists(p) || p.isAbsolute() || data.isEmpty()) {
                return p;
            }
            Path under = data.get().resolve(p);
            return Files.exists(under) ? under : p;
        }
        if (data.isEmpty()) {
            throw new VitwattException("-p dataset=" + spec + " names no directory: give " + spec.kind().id()
                    + ":DIR, or set -D" + DATA_PROPERTY + "=DIR to the folder that holds " + spec.kind().id());
        }
        List<Path> tried = candidates(spec.kind(), data.get());
        for (Path p : tried) {
            if (Files.exists(p)) {
                return p;
            }
        }
        List<String> names = new ArrayList<>();
        tried.forEach(p -> names.add(p.toString()));
        throw new VitwattException("-p dataset=" + spec + ": none of " + String.join(", ", names) + " exists (under -D"
                + DATA_PROPERTY + "=" + data.get() + "): give " + spec.kind().id() + ":DIR");
    }

    /** Indexes the dataset of {@code spec} found with {@link #dataDir()}. */
    public static DatasetIndex index(DatasetSpec spec) {
        return index(spec, dataDir());
    }

    /**
     * Indexes {@code spec}: lists its images and labels and checks them, decoding nothing. Every problem
     * a user can fix is a one-line {@link VitwattException}.
     */
    public static DatasetIndex index(DatasetSpec spec, Optional<Path> data) {
        Path where = locate(spec, data);
        if (!Files.exists(where)) {
            throw new VitwattException((spec.kind() == DatasetSpec.Kind.CIFAR10 ? "CIFAR-10" : spec.kind()
                    == DatasetSpec.Kind.IMAGENET ? "ImageNet" : "dataset") + " directory " + where
                    + " does not exist: check the path in -p dataset=" + spec);
        }
        return switch (spec.kind()) {
            case CIFAR10 -> CifarIndex.open(spec, where);
            case IMAGENET -> FileIndex.imagenet(spec, where);
            case FOLDER -> FileIndex.imageFolder(spec, where);
            case SYNTHETIC -> throw new IllegalArgumentException("synthetic data has no index");
        };
    }

    /** Fails with one line when {@code index} has fewer images than one batch. */
    public static void requireBatch(DatasetIndex index, int batch) {
        if (index.count() < batch) {
            throw new VitwattException(String.format(Locale.ROOT, "dataset %s has %,d images, fewer "
                    + "than -p batch=%d: lower the batch or use a larger dataset", index.description(),
                    index.count(), batch));
        }
    }

    /** {@code n} indices evenly spaced over {@code [0, count)} ({@code floor(k·count/n)}), or all when {@code n >= count}. */
    public static int[] select(int count, int n) {
        int m = Math.min(count, Math.max(0, n));
        int[] s = new int[m];
        for (int k = 0; k < m; k++) {
            s[k] = m == count ? k : (int) ((long) k * count / m);
        }
        return s;
    }

    /**
     * How many images a benchmark trial loads: the scored ones ({@code accuracyLimit}, all when negative) and
     * at least one batch; with accuracy skipped ({@code accuracyLimit == 0}) just the batches the timed loop
     * cycles through ({@code timedBatches × batch}).
     */
    public static int imagesToLoad(int count, int accuracyLimit, int batch, int timedBatches) {
        int want;
        if (accuracyLimit == 0) {
            want = timedBatches * batch;
        } else if (accuracyLimit < 0) {
            want = count;
        } else {
            want = Math.max(accuracyLimit, batch);
        }
        return Math.min(count, want);
    }

    /** Loads images {@link #select}ed from {@code index}, preprocessed by {@code pipeline}, through the cache in {@code cacheDir}. */
    public static ImageSet load(DatasetIndex index, ImagePipeline pipeline, int images, Path cacheDir,
            Progress progress) {
        return DatasetCache.load(index, select(index.count(), images), pipeline, cacheDir, progress);
    }
}
