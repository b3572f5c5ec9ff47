package org.vitwatt.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vitwatt.models.catalog.Interpolation;
import org.vitwatt.models.catalog.Rgb;

class PilResizeTest {
    @TempDir
    Path tmp;

    private static RgbImage grey(int w, int h, int... values) {
        byte[] b = new byte[3 * w * h];
        for (int i = 0; i < w * h; i++) {
            b[3 * i] = b[3 * i + 1] = b[3 * i + 2] = (byte) values[i];
        }
        return new RgbImage(w, h, b);
    }

    @Test
    void bilinearUpsamplingTwiceByHand() {
        // Pillow, 2 -> 4 pixels, bilinear: scale = 2/4 = 0.5, filterscale = max(scale, 1) = 1, support 1.
        // out 0: centre (0 + .5)·.5 = .25, taps [(int)(.25-1+.5) → 0, (int)(.25+1+.5) = 1): only src 0 → s0
        // out 1: centre .75, taps [0, 2): tent(0 - .75 + .5) = .75, tent(1 - .75 + .5) = .25 → .75 s0 + .25 s1
        // out 2: centre 1.25, taps [0, 2): .25 s0 + .75 s1;   out 3: centre 1.75, taps [1, 2): s1
        // Row [0, 200]: [0, 50, 150, 200]; row [100, 40]: [100, 85, 55, 40] (exact, no rounding needed).
        // Vertical, same weights, rounded to 8 bits (fixed point, + ½ then floor):
        //   row 1 = .75·row0 + .25·row1 = [25, 58.75 → 59, 126.25 → 126, 160]
        //   row 2 = .25·row0 + .75·row1 = [75, 76.25 → 76, 78.75 → 79, 80]
        RgbImage out = PilResize.resize(grey(2, 2, 0, 200, 100, 40), 4, 4, Interpolation.BILINEAR);
        int[][] expect = {{0, 50, 150, 200}, {25, 59, 126, 160}, {75, 76, 79, 80}, {100, 85, 55, 40}};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(expect[y][x], out.get(x, y, 0), "pixel " + x + "," + y);
                assertEquals(expect[y][x], out.get(x, y, 2));
            }
        }
    }

    @Test
    void bicubicHalvingByHandIncludingAntialiasSupport() {
        // Pillow, 4 -> 2 pixels, bicubic (a = -0.5): scale = 2, filterscale = 2, support = 2·2 = 4, taps
        // evaluated at (x + xmin - centre + .5)/2.
        // out 0: centre 1, xmin = max(0, (int)(1-4+.5)) = 0, xmax = min(4, (int)5.5) = 4;
        //   args -.25, .25, .75, 1.25; W(.25) = (1.5·.25 - 2.5)·.0625 + 1 = .8671875,
        //   W(.75) = (1.5·.75 - 2.5)·.5625 + 1 = .2265625, W(1.25) = (((1.25-5)·1.25+8)·1.25-4)·(-.5) = -.0703125
        //   sum 1.890625 (normalised by it); row [255, 255, 255, 0] →
        //   255·(.8671875 + .8671875 + .2265625)/1.890625 = 255·1.03719 = 264.5 → clamped to 255
        // out 1: centre 3, taps args -1.25, -.75, -.25, .25 → weights -.0703125, .2265625, .8671875, .8671875
        //   → 255·(-.0703125 + .2265625 + .8671875)/1.890625 = 255·1.0234375/1.890625 = 138.04 → 138
        RgbImage out = PilResize.resize(grey(4, 1, 255, 255, 255, 0), 2, 1, Interpolation.BICUBIC);
        assertEquals(255, out.get(0, 0, 0));
        assertEquals(138, out.get(1, 0, 0));
        // [0, 0, 0, 255]: out 0 = 255·(-.0703125)/1.890625 < 0 → 0; out 1 = 255·.8671875/1.890625 = 116.97 → 117
        out = PilResize.resize(grey(4, 1, 0, 0, 0, 255), 2, 1, Interpolation.BICUBIC);
        assertEquals(0, out.get(0, 0, 0));
        assertEquals(117, out.get(1, 0, 0));
    }

    @Test
    void nearestTakesFloorOfTheScaledCentre() {
        // 3 -> 2: scale 1.5, centres .75 and 2.25 → sources 0 and 2; 2 -> 5: scale .4, centres .2 .6 1 1.4 1.8
        assertArrayEquals(new byte[] {10, 10, 10, 30, 30, 30},
                PilResize.resize(grey(3, 1, 10, 20, 30), 2, 1, Interpolation.NEAREST).rgb());
        RgbImage up = PilResize.resize(grey(2, 1, 7, 9), 5, 1, Interpolation.NEAREST);
        int[] got = new int[5];
        for (int x = 0; x < 5; x++) {
            got[x] = up.get(x, 0, 0);
        }
        assertArrayEquals(new int[] {7, 7, 9, 9, 9}, got);
    }

    @Test
    void windowEqualsCropOfTheFullResize() {
        RgbImage src = ImageDecoder.decode(copy("src.png"));
        for (Interpolation f : Interpolation.values()) {
            RgbImage full = PilResize.resize(src, 40, 57, f);
            RgbImage win = PilResize.resizeWindow(src, 40, 57, f, 3, 9, 30, 31);
            for (int y = 0; y < 31; y++) {
                for (int x = 0; x < 30; x++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(full.get(x + 3, y + 9, c), win.get(x, y, c));
                    }
                }
            }
        }
    }

    /** Resize + centre crop of a 37×53 image, byte for byte against Pillow 12.3 (pil/make_fixtures.py). */
    @ParameterizedTest
    @CsvSource({"bicubic,36,32", "bilinear,36,32", "nearest,36,32", "bicubic,60,48", "bilinear,60,48",
            "nearest,60,48"})
    void matchesPillowByteForByte(String interp, int resize, int crop) throws IOException {
        RgbImage src = ImageDecoder.decode(copy("src.png"));
        ImagePipeline p = new ImagePipeline(resize, crop, Interpolation.parse(interp), Rgb.HALF, Rgb.HALF);
        assertArrayEquals(resource(interp + "_" + resize + "_" + crop + ".raw"), p.resizeAndCrop(src).rgb());
    }

    @ParameterizedTest
    @CsvSource({"ycc420.jpg", "cmyk.jpg", "gray16.png", "palette.png"})
    void decodesLikePillowConvertRgb(String file) throws IOException {
        assertArrayEquals(resource(file + ".raw"), ImageDecoder.decode(copy(file)).rgb(), file);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = PilResizeTest.class.getResourceAsStream("pil/" + name)) {
            return in.readAllBytes();
        }
    }

    private Path copy(String name) {
        try {
            Path p = tmp.resolve(name);
            Files.write(p, resource(name));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
