package org.vitwatt.core.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Tiny datasets written by tests: CIFAR-10 binary records and image folders of generated PNGs/JPEGs. */
public final class TestData {
    private TestData() {
    }

    /** Pixel (channel, y, x) of record {@code i} in {@link #cifar}'s pattern. */
    public static int cifarPixel(int i, int c, int y, int x) {
        return (c * 50 + y + 3 * x + 7 * i) & 0xff;
    }

    /** A CIFAR-10 binary file with one record per label, pixels from {@link #cifarPixel}. */
    public static Path cifar(Path file, int... labels) {
        byte[] b = new byte[labels.length * 3073];
        for (int i = 0; i < labels.length; i++) {
            int base = i * 3073;
            b[base] = (byte) labels[i];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        b[base + 1 + c * 1024 + y * 32 + x] = (byte) cifarPixel(i, c, y, x);
                    }
                }
            }
        }
        return write(file, b);
    }

    /** A CIFAR-10 binary file of solid-colour images: record i is label {@code labels[i]}, every pixel {@code rgb[i]}. */
    public static Path cifarSolid(Path file, int[] labels, int[][] rgb) {
        byte[] b = new byte[labels.length * 3073];
        for (int i = 0; i < labels.length; i++) {
            int base = i * 3073;
            b[base] = (byte) labels[i];
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    b[base + 1 + c * 1024 + p] = (byte) rgb[i][c];
                }
            }
        }
        return write(file, b);
    }

    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code w × h} image of one colour, written with ImageIO (format from the extension: png, jpg, bmp). */
    public static Path solid(Path file, int w, int h, int r, int g, int b) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        String name = file.getFileName().toString();
        String format = name.substring(name.lastIndexOf('.') + 1);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!ImageIO.write(img, format.equals("jpg") ? "jpeg" : format, file.toFile())) {
                throw new IllegalArgumentException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
