package org.vitwatt.core.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.feedback.VitwattException;

/** Dataset problems stop a run in the launching JVM with one line, before any fork. */
class PreflightDatasetTest {
    @TempDir
    Path tmp;

    private String problem(String dataset, String batch) {
        return assertThrows(VitwattException.class,
                () -> Preflight.checkDatasets(List.of(dataset), List.of(batch), List.of())).getMessage();
    }

    private static Path cifar(Path file, int records, int label) throws Exception {
        byte[] b = new byte[records * 3073];
        for (int i = 0; i < records; i++) {
            b[i * 3073] = (byte) label;
        }
        Files.createDirectories(file.getParent());
        return Files.write(file, b);
    }

    private static void png(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR), "png", file.toFile());
    }

    @Test
    void eachDatasetProblemIsOneLine() throws Exception {
        Path gone = tmp.resolve("gone");
        assertEquals("dataset directory " + gone + " does not exist: check the path in -p dataset=folder:" + gone,
                problem("folder:" + gone, "1"));
        Path set = tmp.resolve("set");
        png(set.resolve("a/1.png"));
        Files.createDirectories(set.resolve("b"));
        assertTrue(problem("folder:" + set, "1").startsWith("class folder " + set.resolve("b") + " has no images"));
        Path bin = cifar(tmp.resolve("c/test_batch.bin"), 3, 1);
        Files.write(bin, Arrays.copyOf(Files.readAllBytes(bin), 3073 * 2 + 5));
        assertTrue(problem("cifar10:" + tmp.resolve("c"), "1").startsWith("CIFAR-10 file " + bin
                + " is truncated at record 2 (counting from 0)"));
        cifar(bin, 3, 12);
        assertTrue(problem("cifar10:" + tmp.resolve("c"), "1").contains("record 0 (counting from 0) has label 12, "
                + "outside the dataset's 10 classes"));
        cifar(bin, 3, 1);
        assertTrue(problem("cifar10:" + tmp.resolve("c"), "4").endsWith("has 3 images, fewer than -p batch=4: lower "
                + "the batch or use a larger dataset"));
        Path val = tmp.resolve("val");
        png(val.resolve("ILSVRC2012_val_00000001.png"));
        Files.writeString(val.resolve("val.txt"), "ILSVRC2012_val_00000001.JPEG n00000042\n");
        assertTrue(problem("imagenet:" + val, "1").contains("names class 'n00000042', which is not one of the 1000 "
                + "ImageNet-1k WordNet ids"));
        Files.writeString(val.resolve("val.txt"), "ILSVRC2012_val_00000001.JPEG 1000\n");
        assertTrue(problem("imagenet:" + val, "1").contains("label 1000 is outside the model's 1000 ImageNet classes"));
        Preflight.checkDatasets(List.of("synthetic", "cifar10:" + tmp.resolve("c")), List.of("1", "3"), List.of());
    }
}
