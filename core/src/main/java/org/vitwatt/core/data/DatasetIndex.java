package org.vitwatt.core.data;

import java.nio.file.Path;
import java.util.List;
import org.vitwatt.feedback.Progress;

/**
 * What a dataset on disk holds, found without decoding any image: how many images, in which order, their
 * labels and class names, and how to read image {@code i}. Building one checks everything that can be
 * checked cheaply (missing directory, empty class folder, truncated CIFAR-10 file, labels naming an unknown
 * class or lying outside the classes), so the benchmark's preflight can stop a bad run before any fork.
 */
public interface DatasetIndex {
    /** The spec it was built from. */
    DatasetSpec spec();

    /** The directory or file the images come from. */
    Path root();

    /** Short description for logs, e.g. "cifar10 /data/cifar-10-batches-bin/test_batch.bin". */
    String description();

    /** Number of images. */
    int count();

    /** Class index of image {@code i} in {@link #classes()}. */
    int label(int i);

    /** Class names in index order. */
    List<String> classes();

    /** Where image {@code i} comes from: a relative path, or {@code file#record} for CIFAR-10. */
    String source(int i);

    /** Image {@code i}, decoded to RGB; a {@code VitwattException} naming the file if it will not decode. */
    RgbImage read(int i);

    /**
     * A digest of the content of everything images {@code selection} are read from (every byte of those
     * files), for cache keys: hex SHA-256.
     */
    String contentDigest(int[] selection, Progress progress);
}
