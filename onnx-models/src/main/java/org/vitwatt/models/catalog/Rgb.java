package org.vitwatt.models.catalog;

/** A per-channel triple (normalisation mean or std) in RGB order. */
public record Rgb(double r, double g, double b) {
    /** timm's IMAGENET_DEFAULT_MEAN. */
    public static final Rgb IMAGENET_MEAN = new Rgb(0.485, 0.456, 0.406);
    /** timm's IMAGENET_DEFAULT_STD. */
    public static final Rgb IMAGENET_STD = new Rgb(0.229, 0.224, 0.225);
    /** timm's IMAGENET_INCEPTION_MEAN and _STD (0.5 each), used by augreg ViTs. */
    public static final Rgb HALF = new Rgb(0.5, 0.5, 0.5);

    /** Channel {@code c} (0 = R, 1 = G, 2 = B). */
    public double get(int c) {
        return switch (c) {
            case 0 -> r;
            case 1 -> g;
            case 2 -> b;
            default -> throw new IndexOutOfBoundsException(c);
        };
    }

    @Override
    public String toString() {
        return "(" + r + ", " + g + ", " + b + ")";
    }
}
