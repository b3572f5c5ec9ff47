package org.vitwatt.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.feedback.VitwattException;

class DatasetsTest {
    @TempDir
    Path tmp;

    private DatasetIndex index(String spec) {
        return Datasets.index(DatasetSpec.parse(spec), Optional.empty());
    }

    private String error(String spec) {
        return assertThrows(VitwattException.class, () -> index(spec)).getMessage();
    }

    private String error(String spec, Optional<Path> data) {
        return assertThrows(VitwattException.class, () -> Datasets.index(DatasetSpec.parse(spec), data)).getMessage();
    }

    // ---- CIFAR-10 ----

    @Test
    void cifarRecordsArePlanarRgbRowMajor() {
        Path dir = tmp.resolve("cifar-10-batches-bin");
        TestData.cifar(dir.resolve("test_batch.bin"), 3, 0, 9);
        DatasetIndex ix = index("cifar10:" + dir);
        assertEquals(3, ix.count());
        assertEquals(List.of(3, 0, 9), List.of(ix.label(0), ix.label(1), ix.label(2)));
        assertEquals(CifarIndex.DEFAULT_CLASSES, ix.classes());
        assertEquals("test_batch.bin#2", ix.source(2));
        RgbImage img = ix.read(2);
        assertEquals(32, img.width());
        for (int[] p : new int[][] {{0, 0, 0}, {1, 5, 31}, {2, 31, 7}}) { // c, y, x
            assertEquals(TestData.cifarPixel(2, p[0], p[1], p[2]), img.get(p[2], p[1], p[0]));
        }
    }

    @Test
    void classNamesFromBatchesMeta() throws Exception {
        Path dir = tmp.resolve("c");
        TestData.cifar(dir.resolve("test_batch.bin"), 1);
        Files.writeString(dir.resolve("batches.meta.txt"), "plane\ncar\n\n");
        assertEquals(List.of("plane", "car"), index("cifar10:" + dir).classes());
        TestData.cifar(dir.resolve("test_batch.bin"), 2);
        assertEquals("CIFAR-10 file " + dir.resolve("test_batch.bin") + " record 0 (counting from 0) has label 2, "
                + "outside the dataset's 2 classes (0..1): the file is corrupt or not CIFAR-10 binary (CIFAR-100's "
                + "records have 2 label bytes)", error("cifar10:" + dir));
    }

    @Test
    void truncatedCifarFileNamesFileAndRecord() throws Exception {
        Path f = TestData.cifar(tmp.resolve("test_batch.bin"), 1, 2);
        Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 3073 * 2 - 2973)); // record 1 keeps 100 bytes
        assertEquals("CIFAR-10 file " + f + " is truncated at record 1 (counting from 0): it has 100 of that record's "
                + "3073 bytes (file size 3173 is not a multiple of 3073); re-extract cifar-10-binary.tar.gz",
                error("cifar10:" + tmp));
    }

    @Test
    void cifarLayoutsAndSplits() {
        Path top = tmp.resolve("cifar10");
        Path dir = top.resolve("cifar-10-batches-bin");
        TestData.cifar(dir.resolve("test_batch.bin"), 1, 2, 3);
        TestData.cifar(dir.resolve("data_batch_1.bin"), 4);
        TestData.cifar(dir.resolve("data_batch_2.bin"), 5, 6);
        assertEquals(3, index("cifar10:" + top).count(), "descends into cifar-10-batches-bin");
        DatasetIndex train = index("cifar10:" + top + "?split=train");
        assertEquals(3, train.count());
        assertEquals(List.of(4, 5, 6), List.of(train.label(0), train.label(1), train.label(2)));
        assertEquals("data_batch_2.bin#1", train.source(2));
        assertEquals(1, index("cifar10:" + dir.resolve("data_batch_1.bin")).count(), "one .bin file");
        // a bare name under -Dvitwatt.data
        assertEquals(3, Datasets.index(DatasetSpec.parse("cifar10"), Optional.of(tmp)).count());
    }

    @Test
    void missingCifarDirectoryOrFile() throws Exception {
        Path gone = tmp.resolve("gone");
        assertEquals("CIFAR-10 directory " + gone + " does not exist: check the path in -p dataset=cifar10:" + gone,
                error("cifar10:" + gone));
        Files.createDirectories(tmp.resolve("empty"));
        assertEquals("CIFAR-10 directory " + tmp.resolve("empty") + " has no test_batch.bin: give the folder "
                + "extracted from cifar-10-binary.tar.gz (cifar-10-batches-bin) or a .bin file",
                error("cifar10:" + tmp.resolve("empty")));
        assertEquals("-p dataset=cifar10 names no directory: give cifar10:DIR, or set -Dvitwatt.data=DIR to the "
                + "folder that holds cifar10", error("cifar10"));
        assertEquals("-p dataset=imagenet: none of " + tmp.resolve("imagenet/val") + ", " + tmp.resolve("imagenet")
                + ", " + tmp.resolve("ILSVRC2012_img_val") + ", " + tmp.resolve("val") + " exists (under "
                + "-Dvitwatt.data=" + tmp + "): give imagenet:DIR", error("imagenet", Optional.of(tmp)));
    }

    @Test
    void relativeLocationFallsBackToTheDataDirectory() {
        TestData.cifar(tmp.resolve("mine/test_batch.bin"), 1);
        assertEquals(1, Datasets.index(DatasetSpec.parse("cifar10:mine"), Optional.of(tmp)).count());
    }

    // ---- ImageFolder ----

    @Test
    void imageFolderIsTorchvisionsOrder() throws Exception {
        Path root = tmp.resolve("pets");
        TestData.solid(root.resolve("dog/b.png"), 4, 4, 1, 2, 3);
        TestData.solid(root.resolve("dog/a.jpg"), 4, 4, 1, 2, 3);
        TestData.solid(root.resolve("dog/x/c.png"), 4, 4, 1, 2, 3);
        TestData.solid(root.resolve("dog/x-y/d.png"), 4, 4, 1, 2, 3);
        TestData.solid(root.resolve("dog/x/s/e.png"), 4, 4, 1, 2, 3);
        TestData.solid(root.resolve("cat/z.PNG"), 4, 4, 9, 9, 9);
        Files.writeString(root.resolve("cat/notes.txt"), "not an image");
        DatasetIndex ix = index("folder:" + root);
        assertEquals(List.of("cat", "dog"), ix.classes());
        List<String> order = new ArrayList<>();
        for (int i = 0; i < ix.count(); i++) {
            order.add(ix.source(i) + "=" + ix.label(i));
        }
        // sorted(os.walk()) orders directories by their path text: "dog" < "dog/x" (a prefix) < "dog/x-y" <
        // "dog/x/s" ('-' is 0x2d, '/' 0x2f), not depth-first; each directory's files by name
        assertEquals(List.of("cat/z.PNG=0", "dog/a.jpg=1", "dog/b.png=1", "dog/x/c.png=1", "dog/x-y/d.png=1",
                "dog/x/s/e.png=1"), order);
        assertEquals(9, ix.read(0).get(3, 3, 1));
    }

    @Test
    void imageFolderProblems() throws Exception {
        Path root = tmp.resolve("set");
        TestData.solid(root.resolve("a/1.png"), 2, 2, 0, 0, 0);
        Files.createDirectories(root.resolve("b"));
        Files.writeString(root.resolve("b/readme.md"), "x");
        assertEquals("class folder " + root.resolve("b") + " has no images (.jpg .jpeg .png .ppm .bmp .pgm .tif "
                + ".tiff .webp): add images or remove the folder (every sub-folder is a class, hidden ones too, as in "
                + "torchvision's ImageFolder)", error("folder:" + root));
        Path flat = tmp.resolve("flat");
        TestData.solid(flat.resolve("1.png"), 2, 2, 0, 0, 0);
        assertTrue(error("folder:" + flat).startsWith("dataset directory " + flat + " has no class sub-folders"));
        assertEquals("dataset directory " + tmp.resolve("nope") + " does not exist: check the path in -p "
                + "dataset=folder:" + tmp.resolve("nope"), error("folder:" + tmp.resolve("nope")));
    }

    // ---- ImageNet ----

    @Test
    void imagenetClassFoldersUseTheStandardIndex() {
        Path val = tmp.resolve("val");
        TestData.solid(val.resolve("n15075141/ILSVRC2012_val_00000002.JPEG"), 3, 3, 0, 0, 0);
        TestData.solid(val.resolve("n01440764/ILSVRC2012_val_00000001.JPEG"), 3, 3, 0, 0, 0);
        DatasetIndex ix = index("imagenet:" + val);
        assertEquals(1000, ix.classes().size());
        assertEquals("n01440764", ix.classes().get(0));
        assertEquals(0, ix.label(0));
        assertEquals(999, ix.label(1));
        TestData.solid(val.resolve("n99999999/x.png"), 3, 3, 0, 0, 0);
        assertEquals("ImageNet class folder " + val.resolve("n99999999") + " is not one of the 1000 ImageNet-1k "
                + "WordNet ids (n01440764 … n15075141): an imagenet: folder holds one folder per WordNet id; use "
                + "folder:" + val + " for other class names", error("imagenet:" + val));
    }

    @Test
    void imagenetFlatWithKaggleCsvOrValTxt() throws Exception {
        Path val = tmp.resolve("ILSVRC2012_img_val");
        TestData.solid(val.resolve("ILSVRC2012_val_00000001.JPEG"), 3, 3, 0, 0, 0);
        TestData.solid(val.resolve("ILSVRC2012_val_00000002.JPEG"), 3, 3, 0, 0, 0);
        Files.writeString(tmp.resolve("LOC_val_solution.csv"), "ImageId,PredictionString\n"
                + "ILSVRC2012_val_00000002,n01443537 1 2 3 4 n01443537 5 6 7 8\n"
                + "ILSVRC2012_val_00000001,n01440764 1 2 3 4\n" + "ILSVRC2012_val_00049999,n15075141 0 0 1 1\n");
        DatasetIndex ix = index("imagenet:" + val);
        assertEquals(2, ix.count());
        assertEquals(0, ix.label(0));
        assertEquals(1, ix.label(1));
        Path txt = Files.writeString(tmp.resolve("labels.txt"), "ILSVRC2012_val_00000001.JPEG 65\n"
                + "val/ILSVRC2012_val_00000002.JPEG n15075141\n");
        ix = index("imagenet:" + val + "?labels=" + txt);
        assertEquals(65, ix.label(0));
        assertEquals(999, ix.label(1));
    }

    @Test
    void imagenetLabelProblems() throws Exception {
        Path val = tmp.resolve("v");
        TestData.solid(val.resolve("ILSVRC2012_val_00000001.JPEG"), 3, 3, 0, 0, 0);
        String noLabels = error("imagenet:" + val);
        assertTrue(noLabels.startsWith("ImageNet directory " + val + " holds images but no labels file: put "
                + "LOC_val_solution.csv (Kaggle) or val.txt"), noLabels);
        Files.writeString(tmp.resolve("ILSVRC2012_validation_ground_truth.txt"), "490\n");
        assertTrue(error("imagenet:" + val).endsWith("(ILSVRC2012_validation_ground_truth.txt is not accepted: its "
                + "ids follow the devkit's own class order, not the sorted WordNet-id order models use)"));
        Path txt = Files.writeString(val.resolve("val.txt"), "ILSVRC2012_val_00000001.JPEG 1000\n");
        assertEquals("line 1 of " + txt + ": label 1000 is outside the model's 1000 ImageNet classes (0..999, sorted "
                + "WordNet-id order): fix the labels file (1-based devkit ids are not accepted)",
                error("imagenet:" + val));
        Files.writeString(txt, "# comment\nILSVRC2012_val_00000001.JPEG n12345678\n");
        assertEquals("line 2 of " + txt + " names class 'n12345678', which is not one of the 1000 ImageNet-1k "
                + "WordNet ids: fix the labels file or use folder:DIR for other classes", error("imagenet:" + val));
        Files.writeString(txt, "ILSVRC2012_val_00000009.JPEG 3\n");
        assertEquals("image " + val.resolve("ILSVRC2012_val_00000001.JPEG") + " has no label in " + txt + ": add it "
                + "to the labels file or remove the image", error("imagenet:" + val));
    }

    // ---- selection and batch ----

    @Test
    void selectionIsEvenlySpaced() {
        assertArrayEquals(new int[] {0, 1, 2}, Datasets.select(3, 10));
        assertArrayEquals(new int[] {0, 2, 5, 7}, Datasets.select(10, 4));
        assertEquals(10_000, Datasets.imagesToLoad(10_000, -1, 64, 16));
        assertEquals(1_024, Datasets.imagesToLoad(10_000, 0, 64, 16));
        assertEquals(64, Datasets.imagesToLoad(10_000, 5, 64, 16));
        assertEquals(500, Datasets.imagesToLoad(10_000, 500, 64, 16));
        assertEquals(3, Datasets.imagesToLoad(3, 500, 1, 16));
    }

    @Test
    void datasetSmallerThanTheBatch() {
        Path f = TestData.cifar(tmp.resolve("test_batch.bin"), 1, 2, 3);
        DatasetIndex ix = index("cifar10:" + tmp);
        Datasets.requireBatch(ix, 3);
        VitwattException e = assertThrows(VitwattException.class, () -> Datasets.requireBatch(ix, 4));
        assertEquals("dataset cifar10 " + f + " has 3 images, fewer than -p batch=4: lower the batch or use a larger "
                + "dataset", e.getMessage());
    }
}
