package org.vitwatt.power.jetson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.vitwatt.power.SensorException;
import org.vitwatt.power.internal.Dirs;
import org.vitwatt.power.internal.SysfsFile;

/**
 * Finds the INA3221 rails of a sysfs tree, in both layouts, with the conversion period of each device.
 *
 * <h2>L4T &ge; 34 (JetPack 5/6) &mdash; mainline hwmon driver {@code ina3221}</h2>
 * {@code <sysfs>/bus/i2c/drivers/ina3221/<bus>-<addr>/hwmon/hwmon<N>/}, channels 1&ndash;3: {@code in<c>_label},
 * {@code in<c>_input} (mV), {@code curr<c>_input} (mA); {@code in7_label} ("sum of shunt voltages") and {@code NC}
 * labels are skipped. {@code update_interval} (ms, rounded) = C &times; S &times; (BC + SC): enabled channels, samples,
 * bus and shunt conversion times (Linux {@code Documentation/hwmon/ina3221.rst}; {@code drivers/hwmon/ina3221.c}
 * {@code ina3221_reg_to_interval_us}, {@code DIV_ROUND_CLOSEST(..., 1000)}). Without that file the period is derived
 * from {@code samples}, the {@code in<c>_enable} channels and the driver's default conversion times (1.1 ms each,
 * {@code INA3221_CONFIG_DEFAULT 0x7127}).
 *
 * <h2>L4T &le; 32 (JetPack 4) &mdash; NVIDIA's IIO driver {@code ina3221x}</h2>
 * {@code <sysfs>/bus/i2c/drivers/ina3221x/<bus>-<addr>/iio:device<N>/}, channels 0&ndash;2: {@code rail_name_<c>},
 * {@code in_power<c>_input} (mW). The driver ({@code drivers/staging/iio/meter/ina3221.c} of the L4T 32 kernel)
 * converts on every read while {@code running_mode} is 0 (triggered, {@code ti,trigger-config}, default 0x7723) and
 * continuously while it is 1, with the device tree's {@code ti,continuous-config} (default 0x7727: 3 channels &times;
 * 64 samples &times; (1.1 + 1.1) ms = 422.4 ms), which sysfs does not show: the period is then observed
 * ({@link org.vitwatt.power.UpdateWatch}). {@code polling_delay_<c>} is the period of the driver's trace worker, not
 * of the conversions, and is not used.
 *
 * <h2>Discovery</h2>
 * Both driver directories; if neither exists, jtop's way ({@code jtop/core/power.py}): every
 * {@code <sysfs>/bus/i2c/devices/*} whose {@code name} contains {@code ina3221}. One device reached through two links
 * is read once; a label seen twice gets {@code @<bus-addr>}.
 */
final class Ina3221Tree {
    /** {@code INA3221_CONFIG_DEFAULT 0x7127}: 1.1 ms bus + 1.1 ms shunt conversion per channel and sample. */
    static final long DEFAULT_CONVERSION_PAIR_NANOS = 2_200_000L;
    /** NVIDIA's {@code INA3221_CONT_CONFIG_DATA 0x7727}: 3 channels x 64 samples x (1.1 + 1.1) ms. */
    static final long IIO_CONTINUOUS_DEFAULT_NANOS = 3 * 64 * DEFAULT_CONVERSION_PAIR_NANOS;

    private Ina3221Tree() {
    }

    /** Why there are no rails under {@code sysfs}. */
    static String noSensorReason(Path sysfs) {
        return "no INA3221 rails under " + sysfs.resolve("bus/i2c/drivers/ina3221") + " or "
                + sysfs.resolve("bus/i2c/drivers/ina3221x") + " (not a Jetson, or the driver is not loaded)";
    }

    /** Every labelled, connected channel in both layouts, readable or not, de-duplicated by device and by label. */
    static List<Ina3221Rail> discover(Path sysfs) throws SensorException {
        List<Path> hwmonDevices = new ArrayList<>(Dirs.subdirs(sysfs.resolve("bus/i2c/drivers/ina3221"),
                n -> n.contains("-")));
        List<Path> iioDevices = new ArrayList<>(Dirs.subdirs(sysfs.resolve("bus/i2c/drivers/ina3221x"),
                n -> n.contains("-")));
        if (hwmonDevices.isEmpty() && iioDevices.isEmpty()) {
            // jtop (power.py find_all_i2c_power_monitor): /sys/bus/i2c/devices/*/name contains "ina3221"
            for (Path dev : Dirs.subdirs(sysfs.resolve("bus/i2c/devices"), n -> true)) {
                Path name = dev.resolve("name");
                if (!Files.isRegularFile(name)) {
                    continue;
                }
                String n = SysfsFile.readText(name);
                if (n.startsWith("ina3221x")) {
                    iioDevices.add(dev);
                } else if (n.startsWith("ina3221")) {
                    hwmonDevices.add(dev);
                }
            }
        }
        List<Ina3221Rail> out = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path dev : hwmonDevices) {
            for (Path hw : Dirs.subdirs(dev.resolve("hwmon"), n -> n.startsWith("hwmon"))) {
                if (seen.add(Dirs.real(hw))) {
                    hwmon(hw, dev.getFileName().toString(), out);
                }
            }
        }
        for (Path dev : iioDevices) {
            for (Path iio : Dirs.subdirs(dev, n -> n.startsWith("iio:device"))) {
                if (seen.add(Dirs.real(iio))) {
                    iio(iio, dev.getFileName().toString(), out);
                }
            }
        }
        return out;
    }

    private static void hwmon(Path hw, String busAddr, List<Ina3221Rail> out) throws SensorException {
        Ina3221Rail.Conversion conversion = hwmonConversion(hw);
        for (int c = 1; c <= 3; c++) { // in4..6 are shunt voltages, in7 the shunt sum: never rails
            Path label = hw.resolve("in" + c + "_label");
            if (!Files.isRegularFile(label)) {
                continue;
            }
            String name = SysfsFile.readText(label);
            if (name.isEmpty() || name.equalsIgnoreCase("NC") || name.toLowerCase(Locale.ROOT).startsWith("sum of")) {
                continue;
            }
            Path v = hw.resolve("in" + c + "_input");
            Path i = hw.resolve("curr" + c + "_input");
            String problem = !Files.isRegularFile(v) ? v + " does not exist"
                    : !Files.isRegularFile(i) ? i + " does not exist" : "";
            out.add(new Ina3221Rail(unique(name, busAddr, out), "hwmon", label, null, v, i, conversion, false,
                    problem));
        }
    }

    /** {@code update_interval}, else C x S x (1.1 + 1.1) ms from {@code samples} and {@code in<c>_enable}. */
    static Ina3221Rail.Conversion hwmonConversion(Path hw) {
        Path ui = hw.resolve("update_interval");
        if (Files.isRegularFile(ui)) {
            try {
                long ms = SysfsFile.readLongOnce(ui);
                if (ms > 0) {
                    return new Ina3221Rail.Conversion(ms * 1_000_000L, "update_interval " + ms + " ms, " + ui);
                }
            } catch (SensorException ignored) {
                // derive it below
            }
        }
        long samples = 1;
        Path sf = hw.resolve("samples");
        if (Files.isRegularFile(sf)) {
            try {
                samples = Math.max(1, SysfsFile.readLongOnce(sf));
            } catch (SensorException ignored) {
                // the power-on default, 1 sample
            }
        }
        int channels = 0;
        boolean enableFiles = false;
        for (int c = 1; c <= 3; c++) {
            Path en = hw.resolve("in" + c + "_enable");
            if (Files.isRegularFile(en)) {
                enableFiles = true;
                try {
                    channels += SysfsFile.readLongOnce(en) == 1 ? 1 : 0;
                } catch (SensorException ignored) {
                    channels++;
                }
            }
        }
        if (!enableFiles || channels == 0) {
            channels = 3;
        }
        return new Ina3221Rail.Conversion(channels * samples * DEFAULT_CONVERSION_PAIR_NANOS, "derived: " + channels
                + " channel(s) x " + samples + " sample(s) x (1.1 + 1.1) ms, the driver's default conversion times "
                + "(no " + ui + ")");
    }

    private static void iio(Path iio, String busAddr, List<Ina3221Rail> out) throws SensorException {
        Path mode = iio.resolve("running_mode");
        Ina3221Rail.Conversion conversion;
        boolean observable = true;
        String running = Files.isRegularFile(mode) ? SysfsFile.readText(mode) : "";
        if (running.equals("0")) {
            conversion = new Ina3221Rail.Conversion(3 * 280_000L, "running_mode 0: every read converts afresh "
                    + "(trigger config 0x7723: 3 x (140 + 140) us), " + mode);
            observable = false;
        } else {
            conversion = new Ina3221Rail.Conversion(IIO_CONTINUOUS_DEFAULT_NANOS, (running.equals("1")
                    ? "running_mode 1, continuous" : "no " + mode) + ": ina3221x's default continuous config 0x7727, "
                    + "3 x 64 x (1.1 + 1.1) ms (the device tree may set another)");
        }
        for (int c = 0; c <= 2; c++) {
            Path label = iio.resolve("rail_name_" + c);
            if (!Files.isRegularFile(label)) {
                continue; // energymon: a missing rail_name_<c> means the channel is not connected
            }
            String name = SysfsFile.readText(label);
            if (name.isEmpty() || name.equalsIgnoreCase("NC")) {
                continue;
            }
            Path p = iio.resolve("in_power" + c + "_input");
            String problem = Files.isRegularFile(p) ? "" : p + " does not exist";
            out.add(new Ina3221Rail(unique(name, busAddr, out), "iio", label, p, null, null, conversion, observable,
                    problem));
        }
    }

    private static String unique(String name, String busAddr, List<Ina3221Rail> existing) {
        for (Ina3221Rail r : existing) {
            if (r.name().equals(name)) {
                return name + "@" + busAddr;
            }
        }
        return name;
    }
}
