package org.vitwatt.power;

import java.util.Locale;

/**
 * How often one sensor's readings change, and how vitwatt knows: declared by the hardware (INA3221
 * {@code update_interval}), derived from its settings, observed by watching the readings change ({@link UpdateWatch}),
 * or taken from documentation.
 *
 * @param readerId the sensor's reader
 * @param nanos    the interval
 * @param source   how it is known, one phrase ({@code "update_interval 7 ms (/sys/.../update_interval)"})
 */
public record UpdateInterval(String readerId, long nanos, String source) {
    public UpdateInterval {
        if (nanos <= 0) {
            throw new IllegalArgumentException(readerId + ": update interval " + nanos + " ns is not positive");
        }
    }

    /** What the sensor itself declares. */
    public static UpdateInterval declared(Sensor sensor) {
        return new UpdateInterval(sensor.readerId(), sensor.updateIntervalNanos(), sensor.updateIntervalSource());
    }

    /** The interval in milliseconds. */
    public double millis() {
        return nanos / 1e6;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s ms (%s)", readerId, ms(millis()), source);
    }

    static String ms(double ms) {
        return ms >= 10 || ms == Math.rint(ms) ? String.format(Locale.ROOT, "%.0f", ms)
                : String.format(Locale.ROOT, "%.2g", ms);
    }
}
