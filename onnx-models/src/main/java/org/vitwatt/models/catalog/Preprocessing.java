package org.vitwatt.models.catalog;

/**
 * How a model's evaluation images are prepared, as timm's pretrained config states it: resize the shorter
 * side to {@code round(inputSize / cropPct)} with {@code interpolation}, centre-crop {@code inputSize},
 * scale to [0, 1], subtract {@code mean} and divide by {@code std} per channel.
 */
public record Preprocessing(int inputSize, double cropPct, Interpolation interpolation, Rgb mean, Rgb std) {
    public Preprocessing {
        if (inputSize < 1) {
            throw new IllegalArgumentException("input size must be >= 1: " + inputSize);
        }
        if (!(cropPct > 0 && cropPct <= 1)) {
            throw new IllegalArgumentException("crop_pct must be in (0, 1]: " + cropPct);
        }
    }

    /** DeiT's evaluation transform: 224 px, crop 0.9, bicubic, ImageNet mean/std. */
    public static final Preprocessing DEIT = new Preprocessing(224, 0.9, Interpolation.BICUBIC, Rgb.IMAGENET_MEAN,
            Rgb.IMAGENET_STD);
    /** augreg ViTs: 224 px, crop 0.9, bicubic, mean/std 0.5. */
    public static final Preprocessing VIT_AUGREG = new Preprocessing(224, 0.9, Interpolation.BICUBIC, Rgb.HALF,
            Rgb.HALF);

    /** The shorter side before the centre crop, as timm computes it: {@code floor(inputSize / cropPct)}. */
    public int resizeShorterSide() {
        return (int) Math.floor(inputSize / cropPct);
    }
}
