package org.vitwatt.power.jetson;

import java.nio.file.Path;

/**
 * One INA3221 channel as found in the sysfs tree: its rail label and the files that read it. A rail whose label is
 * present but whose reading files are not ({@link #problem()} non-empty) is kept, so that a rail the user names, or the
 * board input rail the total would be, is never dropped silently.
 *
 * @param name       the label as jtop shows it ({@code VDD_IN}), with {@code @bus-addr} when two devices share it
 * @param layout     {@code hwmon} (L4T &ge; 34) or {@code iio} (L4T &le; 32)
 * @param labelFile  {@code in<c>_label} or {@code rail_name_<c>}
 * @param power      iio: {@code in_power<c>_input} (mW); null for hwmon
 * @param voltage    hwmon: {@code in<c>_input} (mV); null for iio
 * @param current    hwmon: {@code curr<c>_input} (mA); null for iio
 * @param update     how often the device converts, and how that is known
 * @param observable whether the interval is only a default that watching the readings should replace (iio)
 * @param problem    why the rail cannot be read (a missing file), or empty
 */
record Ina3221Rail(String name, String layout, Path labelFile, Path power, Path voltage, Path current,
                   Conversion update, boolean observable, String problem) {

    /**
     * A device's conversion period.
     *
     * @param nanos  the period
     * @param source how it is known
     */
    record Conversion(long nanos, String source) {
    }

    boolean readable() {
        return problem.isEmpty();
    }

    /** Where the reading comes from, for messages and {@code help}. */
    String detail() {
        return power != null ? power.toString() : voltage + " x " + current.getFileName();
    }
}
