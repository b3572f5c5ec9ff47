package org.vitwatt.core.data;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Interpolation;
import org.vitwatt.models.catalog.Rgb;

/**
 * The preprocessing steps a user overrides through dataset options ({@code -p dataset=KIND:DIR?key=value&...}).
 * Every field is empty unless given; {@link ImagePipeline#forDataset} applies them over the defaults.
 *
 * @param interpolation {@code bicubic}, {@code bilinear}, {@code nearest} or {@code model}
 * @param cropPct       crop fraction in (0, 1]: resize the shorter side to {@code floor(size / cropPct)}
 * @param resize        shorter side in pixels after resizing (wins over cropPct)
 * @param size          centre-crop size (must match the model's input when that is fixed)
 * @param mean          {@code r/g/b}, {@code imagenet}, {@code inception} or {@code model}
 * @param std           as {@code mean}
 */
public record PreprocessOverrides(Optional<String> interpolation, OptionalDouble cropPct, OptionalInt resize,
        OptionalInt size, Optional<String> mean, Optional<String> std) {
    /** Option value meaning "what the model's preprocessing says". */
    public static final String MODEL = "model";

    /** No override. */
    public static final PreprocessOverrides NONE = new PreprocessOverrides(Optional.empty(), OptionalDouble.empty(),
            OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty());

    /** Parses and validates the preprocessing keys of {@code options}; {@code where} names the -p value. */
    static PreprocessOverrides parse(Map<String, String> options, String where) {
        Optional<String> interp = Optional.ofNullable(options.get("interpolation")).map(s -> {
            String v = s.trim().toLowerCase(Locale.ROOT);
            if (!v.equals(MODEL)) {
                try {
                    Interpolation.parse(v);
                } catch (VitwattException e) {
                    throw new VitwattException(where + ": unknown interpolation '" + s
                            + "': use bicubic, bilinear, nearest or model");
                }
            }
            return v;
        });
        OptionalDouble crop = OptionalDouble.empty();
        if (options.containsKey("cropPct")) {
            double c = number(options.get("cropPct"), "cropPct", where);
            if (!(c > 0 && c <= 1)) {
                throw new VitwattException(where + ": cropPct=" + options.get("cropPct")
                        + " must be in (0, 1], e.g. cropPct=0.875");
            }
            crop = OptionalDouble.of(c);
        }
        OptionalInt resize = positive(options, "resize", where);
        OptionalInt size = positive(options, "size", where);
        Optional<String> mean = Optional.ofNullable(options.get("mean")).map(s -> check(s, "mean", where, false));
        Optional<String> std = Optional.ofNullable(options.get("std")).map(s -> check(s, "std", where, true));
        return new PreprocessOverrides(interp, crop, resize, size, mean, std);
    }

    private static double number(String s, String key, String where) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new VitwattException(where + ": " + key + "=" + s + " is not a number");
        }
    }

    private static OptionalInt positive(Map<String, String> options, String key, String where) {
        if (!options.containsKey(key)) {
            return OptionalInt.empty();
        }
        String s = options.get(key);
        try {
            int v = Integer.parseInt(s.trim());
            if (v >= 1 && v <= 8192) {
                return OptionalInt.of(v);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new VitwattException(where + ": " + key + "=" + s + " must be a whole number of pixels, 1..8192");
    }

    private static String check(String s, String key, String where, boolean positive) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals(MODEL) || v.equals("imagenet") || v.equals("inception")) {
            return v;
        }
        String[] parts = v.split("/");
        if (parts.length != 3) {
            throw new VitwattException(where + ": " + key + "=" + s + " must be three numbers r/g/b (e.g. "
                    + key + "=0.5/0.5/0.5), imagenet, inception or model");
        }
        for (String p : parts) {
            double d = number(p, key, where);
            if (!Double.isFinite(d) || (positive && d <= 0)) {
                throw new VitwattException(where + ": " + key + "=" + s + " has a bad value " + p
                        + (positive ? " (std must be > 0)" : ""));
            }
        }
        return v;
    }

    /** The triple named by a validated {@code mean} or {@code std} value; {@code model} gives {@code model}. */
    static Rgb rgb(String v, boolean isStd, Rgb model) {
        switch (v) {
            case MODEL:
                return model;
            case "imagenet":
                return isStd ? Rgb.IMAGENET_STD : Rgb.IMAGENET_MEAN;
            case "inception":
                return Rgb.HALF;
            default:
                String[] p = v.split("/");
                return new Rgb(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]));
        }
    }

    /** True when nothing is overridden. */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
