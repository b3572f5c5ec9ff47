package org.vitwatt.models.catalog;

/**
 * A model's published figures, with where they come from.
 *
 * @param paramsMillions parameter count in millions as published (e.g. 5.72)
 * @param exactParams    exact parameter count when known (0 when only the rounded figure is published)
 * @param gmacs          multiply-accumulates per image at the input size, in billions
 * @param top1           ImageNet-1K validation top-1 accuracy, %
 * @param top5           ImageNet-1K validation top-5 accuracy, %
 * @param source         where the figures were read
 */
public record Published(double paramsMillions, long exactParams, double gmacs, double top1, double top5,
        String source) {
    /** timm's results CSVs at the commit vitwatt's figures were read from. */
    public static final String TIMM = "timm results-imagenet.csv + benchmark-infer-amp-nchw-pt291-cu128-4090.csv "
            + "@aa4b585";
}
