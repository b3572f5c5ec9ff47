package org.vitwatt.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.feedback.VitwattException;

class ImageDecoderTest {
    @TempDir
    Path tmp;

    @Test
    void greyIsReplicatedWithoutColourManagement() throws Exception {
        BufferedImage g = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSample(1, 1, 0, 100);
        Path f = tmp.resolve("g.png");
        ImageIO.write(g, "png", f.toFile());
        RgbImage img = ImageDecoder.decode(f);
        // Java's getRGB would turn grey 100 into 160 (linear grey to sRGB); PIL's convert("RGB") keeps 100
        assertEquals(100, img.get(1, 1, 0));
        assertEquals(100, img.get(1, 1, 1));
        assertEquals(100, img.get(1, 1, 2));
        assertEquals(0, img.get(0, 0, 2));
    }

    @Test
    void alphaIsDroppedNotComposited() throws Exception {
        BufferedImage a = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        a.setRGB(0, 0, 0x20_10_80_F0);
        Path f = tmp.resolve("a.png");
        ImageIO.write(a, "png", f.toFile());
        RgbImage img = ImageDecoder.decode(f);
        assertEquals(0x10, img.get(0, 0, 0));
        assertEquals(0x80, img.get(0, 0, 1));
        assertEquals(0xF0, img.get(0, 0, 2));
    }

    @Test
    void filesThatWillNotDecodeAreNamed() throws Exception {
        Path junk = Files.writeString(tmp.resolve("x.png"), "not a png");
        VitwattException e = assertThrows(VitwattException.class, () -> ImageDecoder.decode(junk));
        assertTrue(e.getMessage().startsWith("image " + junk + " cannot be decoded ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("): re-save it as JPEG or PNG, or remove it from the dataset"));
        BufferedImage noise = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        Random rnd = new Random(1);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                noise.setRGB(x, y, rnd.nextInt(1 << 24));
            }
        }
        Path full = tmp.resolve("t.jpg");
        ImageIO.write(noise, "jpeg", full.toFile());
        byte[] b = Files.readAllBytes(full);
        Path cut = Files.write(tmp.resolve("cut.jpg"), Arrays.copyOf(b, b.length - 2000)); // inside the scan
        e = assertThrows(VitwattException.class, () -> ImageDecoder.decode(cut));
        assertTrue(e.getMessage().startsWith("image " + cut + " cannot be decoded (it is truncated: "), e.getMessage());
        Path webp = Files.writeString(tmp.resolve("y.webp"), "RIFF....WEBPVP8 ");
        e = assertThrows(VitwattException.class, () -> ImageDecoder.decode(webp));
        assertTrue(e.getMessage().contains("it is not an image format Java's ImageIO reads"), e.getMessage());
    }
}
