package org.vitwatt.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vitwatt.feedback.VitwattException;

/**
 * Preprocessed images memory-mapped from a dataset cache file ({@link DatasetCache}). The file is mapped in
 * regions of whole images (at most {@value #REGION_BYTES} bytes each, a mapping's limit being 2 GiB), so
 * {@link #batch} is a slice of one mapping: a direct, native-order view over the page cache, no copy. A
 * batch that straddles two regions gets a mapping of its own (made once and kept).
 */
final class CachedImages implements ImageSet {
    /** Largest region mapped at once. */
    static final int REGION_BYTES = 1 << 30;

    private final Path file;
    private final FileChannel channel;
    private final String description;
    private final int count;
    private final int size;
    private final long dataOffset;
    private final int imageBytes;
    private final int perRegion;
    private final List<MappedByteBuffer> regions = new ArrayList<>();
    private final Map<Long, FloatBuffer> straddling = new HashMap<>();
    private final int[] labels;
    private final List<String> classes;

    CachedImages(Path file, FileChannel channel, long dataOffset, int count, int size, String description,
            int[] labels, List<String> classes, int regionBytes) throws IOException {
        this.file = file;
        this.channel = channel;
        this.dataOffset = dataOffset;
        this.count = count;
        this.size = size;
        this.description = description;
        this.labels = labels;
        this.classes = List.copyOf(classes);
        this.imageBytes = 3 * size * size * Float.BYTES;
        this.perRegion = Math.max(1, regionBytes / imageBytes);
        for (int first = 0; first < count; first += perRegion) {
            int n = Math.min(perRegion, count - first);
            regions.add(channel.map(FileChannel.MapMode.READ_ONLY, dataOffset + (long) first * imageBytes,
                    (long) n * imageBytes));
        }
    }

    /** The cache file the images are mapped from. */
    Path file() {
        return file;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public int height() {
        return size;
    }

    @Override
    public int width() {
        return size;
    }

    @Override
    public synchronized FloatBuffer batch(int first, int n) {
        if (first < 0 || n < 1 || first + n > count) {
            throw new IndexOutOfBoundsException("images [" + first + ", " + (first + n) + ") of " + count);
        }
        int region = first / perRegion;
        if ((first + n - 1) / perRegion == region) {
            ByteBuffer b = regions.get(region).slice((first - region * perRegion) * imageBytes, n * imageBytes);
            return b.order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        if ((long) n * imageBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a view of " + n + " images of " + imageBytes + " bytes exceeds the "
                    + "2 GiB a buffer can address: ask for fewer images at once");
        }
        long key = ((long) first << 32) | n;
        FloatBuffer fb = straddling.get(key);
        if (fb == null) {
            try {
                fb = channel.map(FileChannel.MapMode.READ_ONLY, dataOffset + (long) first * imageBytes,
                        (long) n * imageBytes).order(ByteOrder.nativeOrder()).asFloatBuffer();
            } catch (IOException e) {
                throw new VitwattException("cannot map images " + first + ".." + (first + n) + " of " + file + ": "
                        + e.getMessage());
            }
            straddling.put(key, fb);
        }
        return fb.duplicate();
    }

    @Override
    public boolean labelled() {
        return true;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public void close() {
        try {
            channel.close(); // the mappings stay valid until collected, as tensors over them may still exist
        } catch (IOException e) {
            // nothing to do
        }
    }
}
