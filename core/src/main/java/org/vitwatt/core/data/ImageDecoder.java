package org.vitwatt.core.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.vitwatt.feedback.VitwattException;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Decodes JPEG, PNG (and the other formats {@code javax.imageio} reads: BMP, GIF, TIFF) into 8-bit RGB the
 * way PIL's {@code Image.open(f).convert("RGB")} does, so that the pixels entering the resize are the ones
 * timm and torchvision see:
 * <ul>
 *   <li>samples are read from the raster, never through {@code getRGB}, so no colour management is applied
 *       (PIL ignores embedded ICC profiles too, and Java's grey colour space would otherwise brighten grey
 *       images);</li>
 *   <li>grey (and grey + alpha) is replicated into R, G and B; alpha is dropped, not composited;</li>
 *   <li>palette images are expanded through their palette;</li>
 *   <li>16-bit colour keeps the high byte; 16-bit grey is clamped to 255, as PIL's {@code I;16 → RGB} does;</li>
 *   <li>4-component (CMYK / YCCK) JPEGs are converted as libjpeg + PIL do: YCCK to CMYK, Adobe inverted
 *       samples, then PIL's {@code cmyk2rgb}.</li>
 * </ul>
 * A file that will not decode, or is truncated (which PIL refuses too), is a {@link VitwattException}
 * naming it.
 */
public final class ImageDecoder {
    private ImageDecoder() {
    }

    /** Decodes {@code file} to RGB; a {@link VitwattException} naming the file when it cannot. */
    public static RgbImage decode(Path file) {
        if (!Files.isRegularFile(file)) {
            throw fail(file, "it is not a readable file");
        }
        // a File gives a random-access FileImageInputStream: no stream cache in java.io.tmpdir
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw fail(file, "cannot open it");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw fail(file, "it is not an image format Java's ImageIO reads (JPEG, PNG, BMP, GIF, TIFF)");
            }
            ImageReader reader = readers.next();
            List<String> truncation = new ArrayList<>();
            reader.addIIOReadWarningListener((src, warning) -> {
                String w = warning.toLowerCase(Locale.ROOT);
                if (w.contains("truncated") || w.contains("premature end")) {
                    truncation.add(warning); // PIL refuses truncated files too ("image file is truncated")
                }
            });
            try {
                reader.setInput(in, true, false);
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (format.contains("jpeg") || format.contains("jpg")) {
                    int components = jpegComponents(reader.getImageMetadata(0));
                    if (components == 4) {
                        RgbImage cmyk = fromCmykJpeg(reader.readRaster(0, null), reader.getImageMetadata(0));
                        if (!truncation.isEmpty()) {
                            throw fail(file, "it is truncated: " + truncation.get(0));
                        }
                        return cmyk;
                    }
                }
                BufferedImage img = reader.read(0);
                if (!truncation.isEmpty()) {
                    throw fail(file, "it is truncated: " + truncation.get(0));
                }
                return fromImage(img, file);
            } finally {
                reader.dispose();
            }
        } catch (VitwattException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw fail(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static VitwattException fail(Path file, String why) {
        return new VitwattException("image " + file + " cannot be decoded (" + why + "): re-save it as JPEG or "
                + "PNG, or remove it from the dataset");
    }

    /** RGB from a decoded image, reading raw samples (no colour conversion). */
    static RgbImage fromImage(BufferedImage img, Path file) {
        int w = img.getWidth();
        int h = img.getHeight();
        Raster r = img.getRaster();
        ColorModel cm = img.getColorModel();
        byte[] out = new byte[3 * w * h];
        int bands = r.getNumBands();
        if (cm instanceof IndexColorModel icm) {
            int[] idx = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, idx);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    out[o] = (byte) icm.getRed(idx[x]);
                    out[o + 1] = (byte) icm.getGreen(idx[x]);
                    out[o + 2] = (byte) icm.getBlue(idx[x]);
                }
            }
            return new RgbImage(w, h, out);
        }
        int csType = cm.getColorSpace().getType();
        int bits = cm.getComponentSize(0);
        int dataType = r.getDataBuffer().getDataType();
        boolean sixteen = dataType == DataBuffer.TYPE_USHORT || dataType == DataBuffer.TYPE_SHORT;
        if (!(dataType == DataBuffer.TYPE_BYTE || dataType == DataBuffer.TYPE_INT || sixteen)
                || (dataType == DataBuffer.TYPE_INT && bits > 8)) {
            throw fail(file, "unsupported pixel format: " + bits + "-bit samples of data type " + dataType);
        }
        boolean grey = bands <= 2;
        boolean cmyk = csType == ColorSpace.TYPE_CMYK && bands >= 4;
        if (!grey && bands < 3) {
            throw fail(file, "unsupported pixel format with " + bands + " bands");
        }
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int s = x * bands;
                int o = (y * w + x) * 3;
                if (grey) {
                    int v = sixteen ? Math.min(row[s], 255) : row[s];
                    out[o] = out[o + 1] = out[o + 2] = (byte) v;
                } else if (cmyk) {
                    int c = eight(row[s], sixteen);
                    int m = eight(row[s + 1], sixteen);
                    int yy = eight(row[s + 2], sixteen);
                    int k = eight(row[s + 3], sixteen);
                    cmykToRgb(c, m, yy, k, out, o);
                } else {
                    out[o] = (byte) eight(row[s], sixteen);
                    out[o + 1] = (byte) eight(row[s + 1], sixteen);
                    out[o + 2] = (byte) eight(row[s + 2], sixteen);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int eight(int v, boolean sixteen) {
        return sixteen ? v >>> 8 : v;
    }

    /** Number of frame components of a JPEG, from its metadata; 3 when unknown. */
    private static int jpegComponents(IIOMetadata md) {
        Node sof = find(md, "sof");
        if (sof == null) {
            return 3;
        }
        Node n = sof.getAttributes().getNamedItem("numFrameComponents");
        return n == null ? 3 : Integer.parseInt(n.getNodeValue());
    }

    /** The Adobe APP14 transform (0 = none/CMYK, 2 = YCCK), or -1 when the file has no Adobe marker. */
    private static int adobeTransform(IIOMetadata md) {
        Node adobe = find(md, "app14Adobe");
        if (adobe == null) {
            return -1;
        }
        NamedNodeMap a = adobe.getAttributes();
        Node t = a.getNamedItem("transform");
        return t == null ? 0 : Integer.parseInt(t.getNodeValue());
    }

    private static Node find(IIOMetadata md, String name) {
        if (md == null) {
            return null;
        }
        try {
            return find(md.getAsTree("javax_imageio_jpeg_image_1.0"), name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Node find(Node n, String name) {
        if (n.getNodeName().equals(name)) {
            return n;
        }
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            Node f = find(c, name);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /**
     * A 4-component JPEG as libjpeg and PIL decode it. The raster holds the decoded components without
     * colour conversion; YCCK (Adobe transform 2) is first turned into CMYK as libjpeg's
     * {@code ycck_cmyk_convert} does (C = 255 − R from YCbCr, K kept); with an Adobe marker the samples are
     * inverted (PIL's {@code CMYK;I} raw mode); then PIL's {@code cmyk2rgb}.
     */
    static RgbImage fromCmykJpeg(Raster r, IIOMetadata md) {
        int transform = adobeTransform(md);
        boolean adobe = transform >= 0;
        int w = r.getWidth();
        int h = r.getHeight();
        byte[] out = new byte[3 * w * h];
        int[] px = new int[4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                r.getPixel(x + r.getMinX(), y + r.getMinY(), px);
                int c = px[0];
                int m = px[1];
                int yy = px[2];
                int k = px[3];
                if (transform == 2) {
                    int[] rgb = ycc(px[0], px[1], px[2]);
                    c = 255 - rgb[0];
                    m = 255 - rgb[1];
                    yy = 255 - rgb[2];
                }
                if (adobe) {
                    c = 255 - c;
                    m = 255 - m;
                    yy = 255 - yy;
                    k = 255 - k;
                }
                cmykToRgb(c, m, yy, k, out, (y * w + x) * 3);
            }
        }
        return new RgbImage(w, h, out);
    }

    /** PIL's {@code cmyk2rgb}: {@code nk = 255 − K; R = clip(nk − C·nk/255)} with PIL's rounded division. */
    static void cmykToRgb(int c, int m, int y, int k, byte[] out, int o) {
        int nk = 255 - k;
        out[o] = (byte) clip8(nk - mulDiv255(c, nk));
        out[o + 1] = (byte) clip8(nk - mulDiv255(m, nk));
        out[o + 2] = (byte) clip8(nk - mulDiv255(y, nk));
    }

    private static int mulDiv255(int a, int b) {
        int tmp = a * b + 128;
        return ((tmp >> 8) + tmp) >> 8;
    }

    private static int clip8(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);

    private static int fix(double x) {
        return (int) (x * (1 << SCALEBITS) + 0.5);
    }

    /** libjpeg's YCbCr → RGB ({@code jdcolor.c}, fixed point, range-limited). */
    static int[] ycc(int y, int cb, int cr) {
        int xcb = cb - 128;
        int xcr = cr - 128;
        int crR = (fix(1.40200) * xcr + ONE_HALF) >> SCALEBITS;
        int cbB = (fix(1.77200) * xcb + ONE_HALF) >> SCALEBITS;
        int g = (-fix(0.71414) * xcr + (-fix(0.34414) * xcb + ONE_HALF)) >> SCALEBITS;
        return new int[] {clip8(y + crR), clip8(y + g), clip8(y + cbB)};
    }
}
