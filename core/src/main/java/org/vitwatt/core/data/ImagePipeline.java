package org.vitwatt.core.data;

import java.nio.FloatBuffer;
import java.util.Locale;
import org.vitwatt.core.ModelRef;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Interpolation;
import org.vitwatt.models.catalog.Preprocessing;
import org.vitwatt.models.catalog.Rgb;

/**
 * How a decoded image becomes a model input, step by step as timm's evaluation transform (and
 * torchvision's transforms it is built from) does it:
 * <ol>
 *   <li>{@code Resize(resize)}: the shorter side becomes {@code resize} pixels, the longer one
 *       {@code int(resize · long / short)} (torchvision's rule), with {@code interpolation} in Pillow's
 *       implementation ({@link PilResize});</li>
 *   <li>{@code CenterCrop(size)}: offsets {@code int(round((H − size) / 2))}, {@code int(round((W − size) / 2))}
 *       with Python's round (half to even);</li>
 *   <li>{@code ToTensor}: {@code float32(pixel) / 255};</li>
 *   <li>{@code Normalize(mean, std)}: {@code (x − float32(mean)) / float32(std)} per channel, in float32.</li>
 * </ol>
 * The output is CHW, channels R, G, B.
 *
 * @param resize        shorter side after resizing, {@code >= size}
 * @param size          side of the square centre crop (the model's input size)
 * @param interpolation resampling filter
 * @param mean          per-channel mean
 * @param std           per-channel standard deviation
 */
public record ImagePipeline(int resize, int size, Interpolation interpolation, Rgb mean, Rgb std) {
    /**
     * Bumped whenever the code that turns files into tensors changes its output (decoder, resize, crop,
     * normalisation), so that caches written by an older version are never served.
     */
    public static final int VERSION = 1;

    public ImagePipeline {
        if (size < 1) {
            throw new IllegalArgumentException("crop size must be >= 1: " + size);
        }
        if (resize < size) {
            throw new IllegalArgumentException("resize " + resize + " is smaller than the crop " + size);
        }
        for (int c = 0; c < 3; c++) {
            if (!(std.get(c) > 0) || !Double.isFinite(mean.get(c))) {
                throw new IllegalArgumentException("bad mean/std " + mean + " / " + std);
            }
        }
    }

    /** timm's evaluation transform for {@code p}: shorter side {@code floor(inputSize / cropPct)}, then crop. */
    public static ImagePipeline timm(Preprocessing p) {
        return new ImagePipeline(p.resizeShorterSide(), p.inputSize(), p.interpolation(), p.mean(), p.std());
    }

    /**
     * The pipeline for images of {@code spec}'s kind fed to a model with preprocessing {@code model}, after
     * the spec's overrides. ImageNet and image folders: timm's evaluation transform. CIFAR-10: the paper's
     * {@code Resize(size)} (bilinear, shorter side to the model's input size, so 32 → 224 with no crop),
     * normalised with the model's mean/std when they come from the model's own sidecar file and with
     * ImageNet's mean/std (as the paper's scripts do) otherwise.
     *
     * @param sidecar true when {@code model} was read from the model's sidecar JSON (see {@code docs/datasets.md})
     */
    public static ImagePipeline forDataset(DatasetSpec spec, Preprocessing model, boolean sidecar) {
        PreprocessOverrides o = spec.overrides();
        int size = o.size().orElse(model.inputSize());
        Interpolation interp;
        double cropPct;
        Rgb mean;
        Rgb std;
        if (spec.kind() == DatasetSpec.Kind.CIFAR10) {
            interp = Interpolation.BILINEAR;
            cropPct = 1.0;
            mean = sidecar ? model.mean() : Rgb.IMAGENET_MEAN;
            std = sidecar ? model.std() : Rgb.IMAGENET_STD;
        } else {
            interp = model.interpolation();
            cropPct = model.cropPct();
            mean = model.mean();
            std = model.std();
        }
        interp = o.interpolation().map(s -> s.equals(PreprocessOverrides.MODEL) ? model.interpolation()
                : Interpolation.parse(s)).orElse(interp);
        if (o.cropPct().isPresent()) {
            cropPct = o.cropPct().getAsDouble();
        }
        mean = o.mean().map(s -> PreprocessOverrides.rgb(s, false, model.mean())).orElse(mean);
        std = o.std().map(s -> PreprocessOverrides.rgb(s, true, model.std())).orElse(std);
        int resize = o.resize().orElse((int) Math.floor(size / cropPct));
        if (resize < size) {
            throw new VitwattException("dataset " + spec + ": resize=" + resize
                    + " is smaller than the crop size " + size + ": give resize >= size");
        }
        return new ImagePipeline(resize, size, interp, mean, std);
    }

    /**
     * {@link #forDataset} for {@code model}'s preprocessing (sidecar-aware), checking that the crop size fits
     * the model's input when its height and width are fixed.
     */
    public static ImagePipeline forModel(DatasetSpec spec, ModelRef model) {
        ImagePipeline p = forDataset(spec, model.preprocessing(), model.preprocessingFromSidecar());
        for (int axis = 2; axis <= 3; axis++) {
            long d = model.input().dim(axis);
            if (d > 0 && d != p.size()) {
                throw new VitwattException("-p dataset=" + spec + " crops " + p.size() + "x"
                        + p.size() + " images but model " + model.id() + " takes " + model.input().dim(2) + "x"
                        + model.input().dim(3) + ": drop size= or give size=" + d);
            }
        }
        return p;
    }

    /** Output size of torchvision's {@code Resize(resize)} for a {@code w × h} image: {w', h'}. */
    public int[] resizedSize(int w, int h) {
        if (w <= h) {
            return new int[] {resize, (int) ((long) resize * h / (double) w)};
        }
        return new int[] {(int) ((long) resize * w / (double) h), resize};
    }

    /** torchvision's {@code CenterCrop} offset along an axis of {@code length}: {@code int(round((length − size) / 2))}. */
    public int cropOffset(int length) {
        return (int) Math.rint((length - size) / 2.0);
    }

    /** Resize + centre crop: the 8-bit image that ToTensor sees. */
    public RgbImage resizeAndCrop(RgbImage img) {
        int[] wh = resizedSize(img.width(), img.height());
        return PilResize.resizeWindow(img, wh[0], wh[1], interpolation, cropOffset(wh[0]), cropOffset(wh[1]),
                size, size);
    }

    /** Floats per image: 3·size². */
    public int imageFloats() {
        return 3 * size * size;
    }

    /** Writes {@code img}, fully preprocessed, as CHW floats into {@code out} from its absolute {@code offset}. */
    public void apply(RgbImage img, FloatBuffer out, int offset) {
        RgbImage c = resizeAndCrop(img);
        float[][] lut = lookup();
        byte[] px = c.rgb();
        int plane = size * size;
        float[] row = new float[plane];
        for (int ch = 0; ch < 3; ch++) {
            float[] t = lut[ch];
            for (int i = 0; i < plane; i++) {
                row[i] = t[px[i * 3 + ch] & 0xff];
            }
            out.put(offset + ch * plane, row); // one bulk copy per channel plane
        }
    }

    /** The 256 possible outputs per channel: {@code (float32(v / 255) − mean) / std} in float32, as torch computes. */
    public float[][] lookup() {
        float[][] t = new float[3][256];
        for (int c = 0; c < 3; c++) {
            float m = (float) mean.get(c);
            float s = (float) std.get(c);
            for (int v = 0; v < 256; v++) {
                float x = v / 255f;
                t[c][v] = (x - m) / s;
            }
        }
        return t;
    }

    /** A stable text of every parameter, for cache keys and logs. */
    public String key() {
        return String.format(Locale.ROOT, "v%d resize=%d crop=%d interp=%s mean=%s/%s/%s std=%s/%s/%s", VERSION,
                resize, size, interpolation.id(), hex(mean.r()), hex(mean.g()), hex(mean.b()), hex(std.r()),
                hex(std.g()), hex(std.b()));
    }

    private static String hex(double d) {
        return Double.toHexString(d);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Resize(%d, %s) + CenterCrop(%d) + Normalize(mean=%s, std=%s)", resize,
                interpolation.id(), size, mean, std);
    }
}
