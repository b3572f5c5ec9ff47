package org.vitwatt.reports.cli.args;

import org.vitwatt.reports.input.InputException;

/** A percentage option ({@code --threshold 5%}) as a fraction. */
public final class Percent {
    private Percent() {
    }

    /**
     * "5%", "5" or "0.5 %" as a fraction (0.05, 0.05, 0.005).
     *
     * @param flag the option, for the message
     * @throws InputException BAD_OPTION naming the flag and value when it is not a non-negative number
     */
    public static double parse(String flag, String text) throws InputException {
        String s = text == null ? "" : text.strip();
        if (s.endsWith("%")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        try {
            double v = Double.parseDouble(s) / 100.0;
            if (v < 0 || !Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException x) {
            throw new InputException(InputException.Kind.BAD_OPTION, flag + " " + text + ": expected a percentage such "
                    + "as 5%");
        }
    }
}
