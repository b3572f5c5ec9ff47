package org.vitwatt.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.store.Digests;
import org.vitwatt.models.store.ModelStore;

/**
 * Preprocessed tensors of (dataset, selection, preprocessing), written once into a cache file and
 * memory-mapped on every later run.
 *
 * <p><b>Key.</b> SHA-256 of: the cache format, {@link ImagePipeline#key()} (every preprocessing parameter
 * plus {@link ImagePipeline#VERSION}), the byte order, the selected images' sources in order, and a SHA-256
 * of every byte of the files they are read from ({@link DatasetIndex#contentDigest}). Size and mtime are
 * not used: a file re-written with the same size within the mtime granularity, or restored with its old
 * mtime (rsync -t, tar, cp -p), would be served stale. Hashing is the cost of a correct key: about
 * 0.1 s for a CIFAR-10 batch file, a few seconds for the 6.4 GB of ImageNet's validation set.
 *
 * <p><b>File.</b> A {@value #HEADER}-byte header (magic, byte order, count, channels, height, width, key, the
 * CRC32C of the floats), then {@code count × 3 × H × W} floats in native byte order, image after image, CHW. Written
 * to a temporary file in the same directory and renamed into place atomically, so a crash or a concurrent run
 * never leaves a half-written file under the final name.
 *
 * <p><b>Check.</b> Every open recomputes the floats' CRC32C ({@link Digests#crc32c}, about 10 GB/s: 0.6 s for the
 * 6 GB of 10,000 CIFAR-10 images at 224 px, against 4 s for SHA-256) and rebuilds a file that no longer matches
 * what was written, with one line saying so.
 */
public final class DatasetCache {
    /** Header bytes before the first float (a page, so images start page-aligned). */
    public static final int HEADER = 4096;
    static final String MAGIC = "VWDSET02";
    static final String FORMAT = "vitwatt-dataset-cache/2";
    /** Where in the header the floats' CRC32C is. */
    static final int CRC_AT = 92;

    private DatasetCache() {
    }

    /** {@code <vitwatt cache>/datasets}: {@code -Dvitwatt.cache=DIR} or the user's cache directory. */
    public static Path defaultDir() {
        return ModelStore.defaultCacheDir().resolve("datasets");
    }

    /** The cache key of {@code selection} of {@code index} under {@code pipeline}: hex SHA-256. */
    static String key(DatasetIndex index, int[] selection, ImagePipeline pipeline, Progress progress) {
        MessageDigest md = Digests.sha256();
        Digests.text(md, FORMAT);
        Digests.text(md, pipeline.key());
        Digests.text(md, ByteOrder.nativeOrder().toString());
        Digests.text(md, index.spec().kind().id());
        Digests.text(md, Integer.toString(selection.length));
        for (int i : selection) {
            Digests.text(md, index.source(i));
        }
        Digests.text(md, index.contentDigest(selection, progress));
        return Digests.hex(md.digest());
    }

    static Path fileFor(Path dir, DatasetIndex index, int count, ImagePipeline pipeline, String key) {
        String name = index.root().toAbsolutePath().getFileName() == null ? "root"
                : index.root().toAbsolutePath().getFileName().toString();
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return dir.resolve(String.format(Locale.ROOT, "%s-%s-%d-%dpx-%s.f32", index.spec().kind().id(), name, count,
                pipeline.size(), key.substring(0, 16)));
    }

    /**
     * The preprocessed images {@code selection} of {@code index}: mapped from the cache file when one with
     * the same key exists, else built (in parallel, progress on {@code progress}) and written first.
     */
    public static ImageSet load(DatasetIndex index, int[] selection, ImagePipeline pipeline, Path dir,
            Progress progress) {
        String key = key(index, selection, pipeline, progress);
        Path file = fileFor(dir, index, selection.length, pipeline, key);
        int[] labels = new int[selection.length];
        for (int k = 0; k < selection.length; k++) {
            labels[k] = index.label(selection[k]);
        }
        String description = String.format(Locale.ROOT, "%s (%,d of %,d images, %s)", index.description(),
                selection.length, index.count(), pipeline);
        ImageSet cached = open(file, key, selection.length, pipeline.size(), description, labels, index.classes());
        if (cached != null) {
            if (intact(file)) {
                return cached;
            }
            cached.close();
            progress.say("cached " + file + " does not match the CRC32C written with it (damaged or edited): "
                    + "rebuilding it");
        }
        build(index, selection, pipeline, file, key, progress);
        cached = open(file, key, selection.length, pipeline.size(), description, labels, index.classes());
        if (cached == null) {
            throw new VitwattException("dataset cache " + file + " was written but cannot be read back: delete it "
                    + "and run again");
        }
        return cached;
    }

    /** Maps {@code file} when it is a complete cache file with {@code key}; null when absent or stale. */
    static ImageSet open(Path file, String key, int count, int size, String description, int[] labels,
            List<String> classes) {
        return open(file, key, count, size, description, labels, classes, CachedImages.REGION_BYTES);
    }

    /** {@link #open} with mapping regions of at most {@code regionBytes} (tests use small ones). */
    static ImageSet open(Path file, String key, int count, int size, String description, int[] labels,
            List<String> classes, int regionBytes) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.nativeOrder());
            while (h.hasRemaining() && ch.read(h) >= 0) {
                // fill the header
            }
            h.flip();
            long expect = HEADER + (long) count * 3 * size * size * Float.BYTES;
            if (h.remaining() < HEADER || !MAGIC.equals(ascii(h, 0, 8)) || h.getInt(8) != 0x01020304
                    || h.getInt(12) != count || h.getInt(16) != 3 || h.getInt(20) != size || h.getInt(24) != size
                    || !key.equals(ascii(h, 28, 64)) || ch.size() != expect) {
                ch.close();
                return null;
            }
            return new CachedImages(file, ch, HEADER, count, size, description, labels, classes, regionBytes);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // reported below
                }
            }
            throw new VitwattException("dataset cache " + file + " cannot be read: " + e.getMessage()
                    + " (delete it to rebuild)");
        }
    }

    /** True when the floats of cache file {@code file} still have the CRC32C its header recorded. */
    static boolean intact(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer h = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder());
            while (h.hasRemaining() && ch.read(h, CRC_AT + h.position()) >= 0) {
                // fill
            }
            return h.getLong(0) == Digests.crc32c(file, HEADER);
        } catch (IOException | VitwattException e) {
            return false;
        }
    }

    private static String ascii(ByteBuffer b, int at, int len) {
        byte[] a = new byte[len];
        b.get(at, a);
        return new String(a, StandardCharsets.US_ASCII);
    }

    private static void build(DatasetIndex index, int[] selection, ImagePipeline pipeline, Path file, String key,
            Progress progress) {
        int size = pipeline.size();
        int imageBytes = pipeline.imageFloats() * Float.BYTES;
        long total = HEADER + (long) selection.length * imageBytes;
        Path dir = file.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new VitwattException("cannot create the dataset cache directory " + dir + ": " + e.getMessage()
                    + " (set -Dvitwatt.cache=DIR to a writable directory)");
        }
        try {
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < total + (64L << 20)) {
                throw new VitwattException(String.format(Locale.ROOT, "the dataset cache needs %.1f GB in %s but "
                        + "only %.1f GB are free: free space, set -Dvitwatt.cache=DIR elsewhere, or score fewer "
                        + "images (-p accuracyLimit=N)", total / 1e9, dir, free / 1e9));
            }
        } catch (IOException e) {
            // cannot tell: go on and let the write fail if it must
        }
        Path tmp = dir.resolve(file.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        long t0 = System.nanoTime();
        progress.say(String.format(Locale.ROOT, "preprocessing %,d images of %s with %s into %s "
                + "(%.2f GB, once)", selection.length, index.description(), pipeline, file, total / 1e9));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.nativeOrder());
            h.put(MAGIC.getBytes(StandardCharsets.US_ASCII)).putInt(0x01020304).putInt(selection.length).putInt(3)
                    .putInt(size).putInt(size).put(key.getBytes(StandardCharsets.US_ASCII));
            h.clear();
            writeFully(ch, h, 0);
            writeImages(ch, index, selection, pipeline, imageBytes, progress, t0);
            ch.force(false);
            ByteBuffer crc = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder());
            crc.putLong(0, Digests.crc32c(tmp, HEADER));
            writeFully(ch, crc, CRC_AT);
            ch.force(false);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original failure matters more
            }
            if (e instanceof VitwattException v) {
                throw v;
            }
            throw new VitwattException("cannot write the dataset cache " + tmp + ": " + e.getMessage()
                    + " (set -Dvitwatt.cache=DIR to a writable directory with space)", e);
        }
        try {
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // reported below
            }
            throw new VitwattException("cannot rename " + tmp + " to " + file + ": " + e.getMessage());
        }
        progress.say(String.format(Locale.ROOT, "preprocessed %,d images in %.1f s", selection.length,
                (System.nanoTime() - t0) / 1e9));
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    private static void writeImages(FileChannel ch, DatasetIndex index, int[] selection, ImagePipeline pipeline,
            int imageBytes, Progress progress, long t0) throws IOException {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 16));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "vitwatt-preprocess");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int w = 0; w < threads; w++) {
            pool.execute(() -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(imageBytes).order(ByteOrder.nativeOrder());
                FloatBuffer fb = buf.asFloatBuffer();
                int k;
                while (failure.get() == null && (k = next.getAndIncrement()) < selection.length) {
                    try {
                        pipeline.apply(index.read(selection[k]), fb, 0);
                        buf.clear();
                        writeFully(ch, buf, HEADER + (long) k * imageBytes);
                        done.incrementAndGet();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }
            });
        }
        pool.shutdown();
        long lastReport = System.nanoTime();
        try {
            while (!pool.awaitTermination(500, TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                if (now - lastReport > 10_000_000_000L && failure.get() == null) {
                    lastReport = now;
                    int d = done.get();
                    double s = (now - t0) / 1e9;
                    progress.say(String.format(Locale.ROOT, "preprocessed %,d / %,d images (%.0f s, "
                            + "about %.0f s left)", d, selection.length, s, d == 0 ? 0 : s * (selection.length - d) / d));
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new VitwattException("preprocessing was interrupted");
        }
        Throwable f = failure.get();
        if (f instanceof VitwattException v) {
            throw v;
        }
        if (f instanceof IOException io) {
            throw io;
        }
        if (f != null) {
            throw new VitwattException("preprocessing failed: " + f, f);
        }
    }
}
