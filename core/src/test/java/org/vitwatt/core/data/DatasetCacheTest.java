package org.vitwatt.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Interpolation;
import org.vitwatt.models.catalog.Rgb;

class DatasetCacheTest {
    @TempDir
    Path tmp;

    static final ImagePipeline P = new ImagePipeline(8, 8, Interpolation.BILINEAR, Rgb.IMAGENET_MEAN,
            Rgb.IMAGENET_STD);

    private DatasetIndex cifar(int... labels) {
        TestData.cifar(tmp.resolve("data/test_batch.bin"), labels);
        return Datasets.index(DatasetSpec.parse("cifar10:" + tmp.resolve("data")), Optional.empty());
    }

    private static float[] expected(DatasetIndex ix, int i, ImagePipeline p) {
        FloatBuffer f = ByteBuffer.allocateDirect(p.imageFloats() * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        p.apply(ix.read(i), f, 0);
        float[] a = new float[p.imageFloats()];
        f.get(0, a);
        return a;
    }

    private static float[] image(ImageSet s, int i) {
        FloatBuffer b = s.batch(i, 1);
        float[] a = new float[b.remaining()];
        b.get(a);
        return a;
    }

    private List<Path> cacheFiles() throws Exception {
        try (Stream<Path> s = Files.list(tmp.resolve("cache"))) {
            return s.sorted().toList();
        }
    }

    @Test
    void writtenOnceThenMappedWithoutCopy() throws Exception {
        DatasetIndex ix = cifar(1, 2, 3, 4, 5);
        List<String> progress = new ArrayList<>();
        try (ImageSet s = Datasets.load(ix, P, 5, tmp.resolve("cache"), progress::add)) {
            assertEquals(2, progress.size(), progress.toString());
            assertTrue(progress.get(0).startsWith("preprocessing 5 images of cifar10 "), progress.get(0));
            assertEquals(5, s.count());
            assertEquals(List.of(1, 2, 3, 4, 5), List.of(s.label(0), s.label(1), s.label(2), s.label(3), s.label(4)));
            assertTrue(s.labelled());
            assertEquals(CifarIndex.DEFAULT_CLASSES, s.classes());
            for (int i = 0; i < 5; i++) {
                assertEquals(Arrays.toString(expected(ix, i, P)), Arrays.toString(image(s, i)));
            }
        }
        Path file = cacheFiles().get(0);
        assertEquals(1, cacheFiles().size(), "no temporary file left");
        assertEquals(DatasetCache.HEADER + 5L * 3 * 8 * 8 * 4, Files.size(file));
        progress.clear();
        try (ImageSet s = Datasets.load(ix, P, 5, tmp.resolve("cache"), progress::add)) {
            assertTrue(progress.isEmpty(), "served from the cache: " + progress);
            FloatBuffer b = s.batch(1, 3);
            assertTrue(b.isDirect(), "a direct view ONNX Runtime wraps without copying");
            assertTrue(b.isReadOnly(), "a read-only mapping of the cache file, not a copy");
            assertEquals(ByteOrder.nativeOrder(), b.order());
            assertEquals(3 * 3 * 64, b.remaining());
            assertEquals(expected(ix, 2, P)[7], b.get(3 * 64 + 7));
        }
    }

    @Test
    void damagedFloatsInTheCacheAreRebuiltWithOneLine() throws Exception {
        DatasetIndex ix = cifar(1, 2, 3, 4);
        Path file;
        try (ImageSet s = Datasets.load(ix, P, 4, tmp.resolve("cache"), line -> { })) {
            file = cacheFiles().get(0);
        }
        // random bytes written over part of image 2, as a failing disk or a stray write would leave them
        byte[] junk = new byte[700];
        new Random(5).nextBytes(junk);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(junk), DatasetCache.HEADER + 2L * P.imageFloats() * 4 + 16);
        }
        assertFalse(DatasetCache.intact(file));
        List<String> progress = new ArrayList<>();
        try (ImageSet s = Datasets.load(ix, P, 4, tmp.resolve("cache"), progress::add)) {
            assertEquals("cached " + file + " does not match the CRC32C written with it (damaged or edited): "
                    + "rebuilding it", progress.get(0));
            assertTrue(progress.get(1).startsWith("preprocessing 4 images of cifar10 "), progress.toString());
            assertEquals(Arrays.toString(expected(ix, 2, P)), Arrays.toString(image(s, 2)));
        }
        assertTrue(DatasetCache.intact(file));
    }

    @Test
    void changedContentWithTheSameSizeAndMtimeIsNotServedStale() throws Exception {
        DatasetIndex ix = cifar(1, 2);
        Path bin = tmp.resolve("data/test_batch.bin");
        FileTime mtime = Files.getLastModifiedTime(bin);
        float before;
        try (ImageSet s = Datasets.load(ix, P, 2, tmp.resolve("cache"), m -> { })) {
            before = s.batch(1, 1).get(0);
        }
        byte[] b = Files.readAllBytes(bin);
        b[3073 + 1] = (byte) (b[3073 + 1] ^ 0xff); // first red pixel of record 1
        Files.write(bin, b);
        Files.setLastModifiedTime(bin, mtime);
        DatasetIndex again = Datasets.index(DatasetSpec.parse("cifar10:" + tmp.resolve("data")), Optional.empty());
        List<String> progress = new ArrayList<>();
        try (ImageSet s = Datasets.load(again, P, 2, tmp.resolve("cache"), progress::add)) {
            assertFalse(progress.isEmpty(), "rebuilt");
            assertNotEquals(before, s.batch(1, 1).get(0));
            assertEquals(expected(again, 1, P)[0], s.batch(1, 1).get(0));
        }
        assertEquals(2, cacheFiles().size());
    }

    @Test
    void changedPreprocessingOrSelectionIsAnotherFile() throws Exception {
        DatasetIndex ix = cifar(1, 2, 3, 4);
        Datasets.load(ix, P, 4, tmp.resolve("cache"), m -> { }).close();
        ImagePipeline other = new ImagePipeline(8, 8, Interpolation.BICUBIC, Rgb.IMAGENET_MEAN, Rgb.IMAGENET_STD);
        try (ImageSet s = Datasets.load(ix, other, 4, tmp.resolve("cache"), m -> { })) {
            assertEquals(expected(ix, 3, other)[5], s.batch(3, 1).get(5));
        }
        try (ImageSet s = Datasets.load(ix, P, 2, tmp.resolve("cache"), m -> { })) {
            assertEquals(2, s.count());
            assertEquals(3, s.label(1), "images 0 and 2 of 4: evenly spaced");
            assertEquals(expected(ix, 2, P)[9], s.batch(1, 1).get(9));
        }
        assertEquals(3, cacheFiles().size());
    }

    @Test
    void batchesAcrossMappingRegionsAreStillViews() throws Exception {
        DatasetIndex ix = cifar(0, 1, 2, 3, 4, 5, 6);
        int[] sel = Datasets.select(7, 7);
        Datasets.load(ix, P, 7, tmp.resolve("cache"), m -> { }).close();
        String key = DatasetCache.key(ix, sel, P, m -> { });
        Path file = DatasetCache.fileFor(tmp.resolve("cache"), ix, 7, P, key);
        int imageBytes = 3 * 8 * 8 * 4;
        try (ImageSet s = DatasetCache.open(file, key, 7, 8, "x", new int[7], ix.classes(), 3 * imageBytes)) {
            FloatBuffer across = s.batch(2, 3); // images 2..4: regions [0,3) and [3,6)
            assertTrue(across.isDirect());
            assertEquals(expected(ix, 4, P)[11], across.get(2 * 3 * 64 + 11));
            assertEquals(expected(ix, 6, P)[1], s.batch(6, 1).get(1));
        }
        assertEquals(null, DatasetCache.open(file, "0".repeat(64), 7, 8, "x", new int[7], ix.classes()),
                "another key is not this file");
    }

    @Test
    void imageThatWillNotDecodeNamesTheFileAndLeavesNoCache() throws Exception {
        Path root = tmp.resolve("pets");
        TestData.solid(root.resolve("cat/ok.png"), 4, 4, 1, 2, 3);
        Path bad = Files.writeString(Files.createDirectories(root.resolve("dog")).resolve("broken.jpg"), "no jpeg");
        DatasetIndex ix = Datasets.index(DatasetSpec.parse("folder:" + root), Optional.empty());
        VitwattException e = assertThrows(VitwattException.class,
                () -> Datasets.load(ix, P, 2, tmp.resolve("cache"), m -> { }));
        assertEquals("image " + bad + " cannot be decoded (it is not an image format Java's ImageIO reads (JPEG, PNG, "
                + "BMP, GIF, TIFF)): re-save it as JPEG or PNG, or remove it from the dataset", e.getMessage());
        assertTrue(cacheFiles().isEmpty(), "no cache file and no temporary file: " + cacheFiles());
    }
}
