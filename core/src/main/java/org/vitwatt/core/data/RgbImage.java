package org.vitwatt.core.data;

/**
 * A decoded 8-bit RGB image, pixels interleaved R, G, B row by row: what PIL's {@code Image.convert("RGB")}
 * holds before torchvision's transforms run.
 *
 * @param width  pixels per row
 * @param height rows
 * @param rgb    {@code 3 * width * height} bytes, unsigned
 */
public record RgbImage(int width, int height, byte[] rgb) {
    public RgbImage {
        if (width < 1 || height < 1 || rgb.length != 3 * width * height) {
            throw new IllegalArgumentException("image " + width + "x" + height + " needs " + 3L * width * height
                    + " bytes, got " + rgb.length);
        }
    }

    /** Channel {@code c} (0 = R) of pixel (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }
}
