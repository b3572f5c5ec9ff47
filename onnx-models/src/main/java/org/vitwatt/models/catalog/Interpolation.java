package org.vitwatt.models.catalog;

import java.util.Locale;
import org.vitwatt.feedback.VitwattException;

/** Resampling filter used to resize images, named as timm's pretrained configs name them. */
public enum Interpolation {
    BICUBIC, BILINEAR, NEAREST;

    /** Parses "bicubic" / "bilinear" / "nearest" (any case); names the bad value otherwise. */
    public static Interpolation parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new VitwattException("unknown interpolation '" + s + "': use bicubic, bilinear or nearest");
        }
    }

    /** Lower-case name as timm writes it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
