package org.vitwatt.power.clocks;

import java.util.Locale;
import org.vitwatt.feedback.VitwattException;

/**
 * A clock a trial asks for: {@code default} (leave the governor and the power mode in charge), {@code max} (lock at the
 * highest frequency the power mode allows) or a frequency in MHz (lock at the nearest frequency the device offers).
 *
 * @param kind which of the three
 * @param mhz  the frequency asked for, for {@link Kind#MHZ}; 0 otherwise
 */
public record ClockRequest(Kind kind, double mhz) {
    /** The three forms. */
    public enum Kind {
        DEFAULT, MAX, MHZ
    }

    public static final ClockRequest DEFAULT = new ClockRequest(Kind.DEFAULT, 0);

    /** Parses {@code -p FLAG=text}; a bad value is one line naming the flag and what to write. */
    public static ClockRequest parse(String flag, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("default")) {
            return DEFAULT;
        }
        if (t.equals("max")) {
            return new ClockRequest(Kind.MAX, 0);
        }
        String digits = t.endsWith("mhz") ? t.substring(0, t.length() - 3).trim() : t;
        try {
            double mhz = Double.parseDouble(digits);
            if (mhz > 0 && mhz < 100_000 && Double.isFinite(mhz)) {
                return new ClockRequest(Kind.MHZ, mhz);
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new VitwattException("-p " + flag + "=" + text + ": give default, max or a frequency in MHz (e.g. -p "
                + flag + "=612)");
    }

    /** Whether anything is to be changed. */
    public boolean changes() {
        return kind != Kind.DEFAULT;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DEFAULT -> "default";
            case MAX -> "max";
            case MHZ -> (mhz == Math.rint(mhz) ? Long.toString((long) mhz) : Double.toString(mhz)) + " MHz";
        };
    }
}
