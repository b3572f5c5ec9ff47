package org.vitwatt.core.data;

import java.util.Locale;
import org.vitwatt.models.VitwattException;

/**
 * A {@code -p dataset=} value: {@code synthetic} (seeded random images of the model's input shape, no
 * labels).
 *
 * @param kind     the dataset kind
 * @param location the dataset's directory or file, empty for synthetic
 * @param text     the value as the user wrote it
 */
public record DatasetSpec(Kind kind, String location, String text) {
    /** Dataset kinds. */
    public enum Kind {
        SYNTHETIC;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final DatasetSpec SYNTHETIC = new DatasetSpec(Kind.SYNTHETIC, "", "synthetic");

    /** Parses a {@code -p dataset=} value. */
    public static DatasetSpec parse(String s) {
        String v = s == null ? "" : s.trim();
        if (v.equalsIgnoreCase("synthetic")) {
            return SYNTHETIC;
        }
        throw new VitwattException("unknown dataset '" + s + "': use synthetic");
    }

    @Override
    public String toString() {
        return text;
    }
}
