package org.vitwatt.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Interpolation;
import org.vitwatt.models.catalog.Preprocessing;
import org.vitwatt.models.catalog.Rgb;

class ImagePipelineTest {
    /** A model taking 4×4 images, ImageNet mean/std, bicubic, crop 0.875 (timm's defaults). */
    static final Preprocessing TINY = new Preprocessing(4, 0.875, Interpolation.BICUBIC, Rgb.IMAGENET_MEAN,
            Rgb.IMAGENET_STD);

    private static FloatBuffer floats(int n) {
        return ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Test
    void knownImageGivesTheTensorComputedByHand() {
        // A 2×2 image, as a CIFAR-10 image is upsampled (bilinear, shorter side to the model's 4 px, no crop):
        //   R = [[0, 200], [100, 40]], G = 255 everywhere, B = [[10, 10], [250, 250]]
        // Bilinear 2 -> 4 (see PilResizeTest): weights per output [1], [.75, .25], [.25, .75], [1].
        //   R after both passes: row 1 = [25, 59, 126, 160], row 2 = [75, 76, 79, 80]
        //   B (constant along x): rows [10, .75·10 + .25·250 = 70, .25·10 + .75·250 = 190, 250]
        // ToTensor + Normalize (ImageNet mean/std, the paper's normalisation for CIFAR-10):
        //   R(1,1) = (59/255 − 0.485)/0.229 = (0.2313725 − 0.485)/0.229 = −1.1075436
        //   R(2,2) = (79/255 − 0.485)/0.229 = (0.3098039 − 0.485)/0.229 = −0.7650485
        //   G(y,x) = (255/255 − 0.456)/0.224 = 0.544/0.224 = 2.4285714
        //   B(1,0) = (70/255 − 0.406)/0.225 = (0.2745098 − 0.406)/0.225 = −0.5844009
        //   B(3,3) = (250/255 − 0.406)/0.225 = (0.9803922 − 0.406)/0.225 = 2.5528540
        byte[] px = {0, (byte) 255, 10, (byte) 200, (byte) 255, 10, 100, (byte) 255, (byte) 250, 40, (byte) 255,
            (byte) 250};
        ImagePipeline p = ImagePipeline.forDataset(DatasetSpec.parse("cifar10:/x"), TINY, false);
        assertEquals(new ImagePipeline(4, 4, Interpolation.BILINEAR, Rgb.IMAGENET_MEAN, Rgb.IMAGENET_STD), p);
        FloatBuffer t = floats(48);
        p.apply(new RgbImage(2, 2, px), t, 0);
        int r = 0;
        int g = 16;
        int b = 32; // CHW: plane offsets of R, G, B in a 4×4 image
        assertEquals(-1.1075436, t.get(r + 1 * 4 + 1), 1e-6);
        assertEquals(-0.7650485, t.get(r + 2 * 4 + 2), 1e-6);
        assertEquals(2.4285714, t.get(g + 3 * 4 + 0), 1e-6);
        assertEquals(-0.5844009, t.get(b + 1 * 4 + 0), 1e-6);
        assertEquals(2.5528540, t.get(b + 3 * 4 + 3), 1e-6);
        // and exactly torch's float32 arithmetic: (float32(v / 255) − float32(mean)) / float32(std)
        assertEquals((59 / 255f - 0.485f) / 0.229f, t.get(r + 5), 0f);
        assertEquals((0 / 255f - 0.485f) / 0.229f, t.get(r), 0f);
    }

    @Test
    void centreCropRoundsHalfToEvenLikePython() {
        // No resize (shorter side already 4), crop 2: top = round((4-2)/2) = 1;
        // width 7: left = round(2.5) = 2 (half to even); width 9: left = round(3.5) = 4.
        ImagePipeline p = new ImagePipeline(4, 2, Interpolation.BICUBIC, Rgb.HALF, Rgb.HALF);
        for (int[] c : new int[][] {{7, 2}, {9, 4}}) {
            int w = c[0];
            byte[] px = new byte[3 * w * 4];
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < w; x++) {
                    px[3 * (y * w + x)] = (byte) (10 * x + y);
                }
            }
            RgbImage out = p.resizeAndCrop(new RgbImage(w, 4, px));
            assertEquals(10 * c[1] + 1, out.get(0, 0, 0), "width " + w);
            assertEquals(10 * (c[1] + 1) + 2, out.get(1, 1, 0));
        }
    }

    @Test
    void shorterSideRuleOfTorchvision() {
        ImagePipeline p = ImagePipeline.timm(Preprocessing.DEIT);
        assertEquals(248, p.resize()); // floor(224 / 0.9) = floor(248.89)
        assertEquals(224, p.size());
        assertEquals(248, p.resizedSize(500, 375)[1]);
        assertEquals(330, p.resizedSize(500, 375)[0]); // int(248 · 500 / 375) = int(330.67)
        assertEquals(372, p.resizedSize(248, 372)[1]);
        assertEquals(256, ImagePipeline.timm(new Preprocessing(224, 0.875, Interpolation.BILINEAR, Rgb.HALF,
                Rgb.HALF)).resize());
    }

    @Test
    void defaultsPerDatasetKind() {
        // ImageNet / folders: the model's own timm transform
        assertEquals(ImagePipeline.timm(Preprocessing.VIT_AUGREG), ImagePipeline.forDataset(
                DatasetSpec.parse("imagenet:/x"), Preprocessing.VIT_AUGREG, false));
        // CIFAR-10: Resize(224) bilinear, no crop; ImageNet mean/std (the paper) unless the model's sidecar says
        assertEquals(new ImagePipeline(224, 224, Interpolation.BILINEAR, Rgb.IMAGENET_MEAN, Rgb.IMAGENET_STD),
                ImagePipeline.forDataset(DatasetSpec.parse("cifar10:/x"), Preprocessing.VIT_AUGREG, false));
        assertEquals(new ImagePipeline(224, 224, Interpolation.BILINEAR, Rgb.HALF, Rgb.HALF),
                ImagePipeline.forDataset(DatasetSpec.parse("cifar10:/x"), Preprocessing.VIT_AUGREG, true));
    }

    @Test
    void optionsOverrideEachStep() {
        assertEquals(new ImagePipeline(256, 224, Interpolation.BICUBIC, Rgb.IMAGENET_MEAN, Rgb.IMAGENET_STD),
                ImagePipeline.forDataset(DatasetSpec.parse("cifar10:/x?interpolation=model&cropPct=0.875"),
                        Preprocessing.DEIT, false));
        assertEquals(new ImagePipeline(300, 224, Interpolation.NEAREST, new Rgb(0.1, 0.2, 0.3), Rgb.HALF),
                ImagePipeline.forDataset(DatasetSpec.parse("folder:/x?resize=300&interpolation=nearest"
                        + "&mean=0.1/0.2/0.3&std=inception"), Preprocessing.DEIT, false));
        assertEquals(new ImagePipeline(128, 112, Interpolation.BICUBIC, Rgb.IMAGENET_MEAN, Rgb.IMAGENET_STD),
                ImagePipeline.forDataset(DatasetSpec.parse("imagenet:/x?size=112&mean=imagenet"),
                        new Preprocessing(224, 0.875, Interpolation.BICUBIC, Rgb.HALF, Rgb.IMAGENET_STD), false));
        VitwattException e = assertThrows(VitwattException.class, () -> ImagePipeline.forDataset(
                DatasetSpec.parse("folder:/x?resize=100"), Preprocessing.DEIT, false));
        assertEquals("dataset folder:/x?resize=100: resize=100 is smaller than the crop size 224: give resize >= size",
                e.getMessage());
    }
}
