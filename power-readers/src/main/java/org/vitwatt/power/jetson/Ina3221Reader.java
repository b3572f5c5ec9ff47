package org.vitwatt.power.jetson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.vitwatt.power.Availability;
import org.vitwatt.power.Channel;
import org.vitwatt.power.PowerOptions;
import org.vitwatt.power.PowerReader;
import org.vitwatt.power.Sensor;
import org.vitwatt.power.SensorException;
import org.vitwatt.power.internal.Dirs;
import org.vitwatt.power.internal.Rails;
import org.vitwatt.power.internal.SysfsFile;

/**
 * Jetson on-board INA3221 power monitors, both sysfs layouts, read as instantaneous power per rail.
 *
 * <h2>L4T &ge; 34 (JetPack 5/6: Xavier on JP5, Orin) &mdash; mainline hwmon driver {@code ina3221}</h2>
 * {@code <sysfs>/bus/i2c/drivers/ina3221/<bus>-<addr>/hwmon/hwmon<N>/}, channels 1&ndash;3:
 * {@code in<c>_label} (rail name, {@code NC} when not connected), {@code in<c>_input} bus voltage in mV,
 * {@code curr<c>_input} current in mA; there is no power file, so P[mW] = V[mV] &times; I[mA] / 1000.
 * {@code in7_label} is the "sum of shunt voltages" channel and is skipped, as are {@code NC} labels.
 * {@code update_interval} (ms) = channels &times; samples &times; (bus + shunt conversion time).
 * Sources: Linux {@code Documentation/hwmon/ina3221.rst} (sysfs entries and units) and
 * {@code drivers/hwmon/ina3221.c} ({@code ina3221_read_string}: channel 7's label is "sum of shunt voltages";
 * bus LSB 8 mV, current = shunt µV / shunt µΩ in mA; a disabled channel's input returns {@code -ENODATA});
 * jetson_stats {@code jtop/core/power.py} ({@code list_all_i2c_ports}: skips {@code NC} labels and port 7, reads
 * {@code in<N>_input} mV and {@code curr<N>_input} mA, power = volt &times; curr / 1000);
 * energymon {@code jetson/ina3221.c} (the same directory template, channels 1..3).
 *
 * <h2>L4T &le; 32 (JetPack 4: TX1, TX2, Nano, Xavier on JP4) &mdash; NVIDIA's IIO driver {@code ina3221x}</h2>
 * {@code <sysfs>/bus/i2c/drivers/ina3221x/<bus>-<addr>/iio:device<N>/}, channels 0&ndash;2:
 * {@code rail_name_<c>} and {@code in_power<c>_input} in mW, {@code polling_delay_<c>} (text such as "0 ms").
 * Sources: energymon {@code jetson/ina3221x.c} ({@code INA3221X_FILE_TEMPLATE_RAIL_NAME},
 * {@code INA3221X_FILE_TEMPLATE_POWER}; a missing {@code rail_name_<c>} means the channel is not connected);
 * jtop {@code power.py} ({@code 'power': in_power{num}_input  # Power in mW}).
 *
 * <h2>Discovery, rails and the total</h2>
 * Both driver directories are scanned; if neither exists, jtop's way is used: every
 * {@code <sysfs>/bus/i2c/devices/*} whose {@code name} contains {@code ina3221}. Rails are named by their label
 * exactly as jtop shows them ({@code VDD_IN}, {@code VDD_GPU_SOC}, {@code POM_5V_GPU}, ...). The reader's total follows
 * jtop's {@code total_power}: the board input rail ({@code VDD_IN} or {@code POM_5V_IN}) when it is among the
 * channels (it already contains the others), otherwise the sum of the channels (AGX Xavier, AGX Orin: no input rail,
 * so the sum misses parts of the board).
 */
public final class Ina3221Reader implements PowerReader {
    public static final String ID = "ina3221";

    /** Rails that measure the whole module input (jtop {@code total_power}). */
    static final Set<String> INPUT_RAILS = Set.of("VDD_IN", "POM_5V_IN");

    /**
     * INA3221 power-on configuration used by the mainline driver ({@code INA3221_CONFIG_DEFAULT 0x7127}: 3 channels,
     * 1 sample, 1.1 ms bus + 1.1 ms shunt conversion) = 6.6 ms, assumed when the tree does not say.
     */
    static final long DEFAULT_UPDATE_NANOS = 6_600_000L;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Jetson INA3221 rails via sysfs (hwmon ina3221 on L4T>=34, iio ina3221x on L4T<=32), power = V x I";
    }

    @Override
    public Availability probe(PowerOptions options) {
        try {
            List<Rail> rails = discover(options.sysfs());
            if (rails.isEmpty()) {
                return Availability.no(noSensorReason(options.sysfs()));
            }
            List<String> names = new ArrayList<>();
            for (Rail r : rails) {
                names.add(r.name);
            }
            return Availability.yes(rails.size() + " rail(s) via " + rails.get(0).layout, names);
        } catch (SensorException e) {
            return Availability.no(e.getMessage());
        }
    }

    private static String noSensorReason(Path sysfs) {
        return "no INA3221 rails under " + sysfs.resolve("bus/i2c/drivers/ina3221") + " or "
                + sysfs.resolve("bus/i2c/drivers/ina3221x") + " (not a Jetson, or the driver is not loaded)";
    }

    @Override
    public Sensor open(PowerOptions options) throws SensorException {
        List<Rail> rails = discover(options.sysfs());
        if (rails.isEmpty()) {
            throw new SensorException(noSensorReason(options.sysfs()));
        }
        List<String> labels = new ArrayList<>();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < rails.size(); i++) {
            labels.add(rails.get(i).name);
            all.add(i);
        }
        List<Integer> chosen = Rails.select(ID, options, labels, all);
        List<Rail> selected = new ArrayList<>();
        for (int i : chosen) {
            selected.add(rails.get(i));
        }
        return new Ina3221Sensor(selected);
    }

    /** One rail as found in the tree. */
    static final class Rail {
        final String name;
        final String layout;
        final Path power;   // iio: mW
        final Path voltage; // hwmon: mV
        final Path current; // hwmon: mA
        final long updateNanos;

        Rail(String name, String layout, Path power, Path voltage, Path current, long updateNanos) {
            this.name = name;
            this.layout = layout;
            this.power = power;
            this.voltage = voltage;
            this.current = current;
            this.updateNanos = updateNanos;
        }

        String detail() {
            return power != null ? power.toString() : voltage + " x " + current.getFileName();
        }
    }

    /** Finds every connected rail in both layouts, de-duplicated by device and by label. */
    static List<Rail> discover(Path sysfs) throws SensorException {
        List<Path> hwmonDevices = new ArrayList<>(Dirs.subdirs(sysfs.resolve("bus/i2c/drivers/ina3221"), n -> n.contains("-")));
        List<Path> iioDevices = new ArrayList<>(Dirs.subdirs(sysfs.resolve("bus/i2c/drivers/ina3221x"), n -> n.contains("-")));
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
        List<Rail> out = new ArrayList<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path dev : hwmonDevices) {
            for (Path hw : Dirs.subdirs(dev.resolve("hwmon"), n -> n.startsWith("hwmon"))) {
                if (seen.add(Dirs.real(hw))) {
                    addHwmonRails(hw, dev.getFileName().toString(), out);
                }
            }
        }
        for (Path dev : iioDevices) {
            for (Path iio : Dirs.subdirs(dev, n -> n.startsWith("iio:device"))) {
                if (seen.add(Dirs.real(iio))) {
                    addIioRails(iio, dev.getFileName().toString(), out);
                }
            }
        }
        return out;
    }

    private static void addHwmonRails(Path hw, String busAddr, List<Rail> out) throws SensorException {
        long update = DEFAULT_UPDATE_NANOS;
        Path ui = hw.resolve("update_interval");
        if (Files.isRegularFile(ui)) {
            try {
                long ms = SysfsFile.readLongOnce(ui);
                if (ms > 0) {
                    update = ms * 1_000_000L;
                }
            } catch (SensorException ignored) {
                // keep the default; the interval only tunes a warning
            }
        }
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
            if (!Files.isRegularFile(v) || !Files.isRegularFile(i)) {
                continue;
            }
            out.add(new Rail(unique(name, busAddr, out), "hwmon", null, v, i, update));
        }
    }

    private static void addIioRails(Path iio, String busAddr, List<Rail> out) throws SensorException {
        for (int c = 0; c <= 2; c++) {
            Path label = iio.resolve("rail_name_" + c);
            if (!Files.isRegularFile(label)) {
                continue; // energymon: a missing rail_name_<c> means the channel is not connected
            }
            String name = SysfsFile.readText(label);
            Path p = iio.resolve("in_power" + c + "_input");
            if (name.isEmpty() || name.equalsIgnoreCase("NC") || !Files.isRegularFile(p)) {
                continue;
            }
            long update = DEFAULT_UPDATE_NANOS;
            Path pd = iio.resolve("polling_delay_" + c);
            if (Files.isRegularFile(pd)) {
                try {
                    long ms = SysfsFile.readLongOnce(pd); // "0 ms"
                    if (ms > 0) {
                        update = ms * 1_000_000L;
                    }
                } catch (SensorException ignored) {
                    // keep the default
                }
            }
            out.add(new Rail(unique(name, busAddr, out), "iio", p, null, null, update));
        }
    }

    private static String unique(String name, String busAddr, List<Rail> existing) {
        for (Rail r : existing) {
            if (r.name.equals(name)) {
                return name + "@" + busAddr;
            }
        }
        return name;
    }

    /** The opened rails. */
    static final class Ina3221Sensor implements Sensor {
        private final List<Channel> channels;
        private final SysfsFile[] power;
        private final SysfsFile[] volt;
        private final SysfsFile[] curr;
        private final long update;

        Ina3221Sensor(List<Rail> rails) throws SensorException {
            boolean hasInput = false;
            for (Rail r : rails) {
                hasInput |= INPUT_RAILS.contains(r.name);
            }
            List<Channel> ch = new ArrayList<>();
            power = new SysfsFile[rails.size()];
            volt = new SysfsFile[rails.size()];
            curr = new SysfsFile[rails.size()];
            long up = 0;
            try {
                for (int i = 0; i < rails.size(); i++) {
                    Rail r = rails.get(i);
                    ch.add(new Channel(r.name, !hasInput || INPUT_RAILS.contains(r.name), r.detail()));
                    if (r.power != null) {
                        power[i] = SysfsFile.open(r.power);
                    } else {
                        volt[i] = SysfsFile.open(r.voltage);
                        curr[i] = SysfsFile.open(r.current);
                    }
                    up = Math.max(up, r.updateNanos);
                }
                // a first read proves the files are readable now (permissions, -ENODATA on a disabled channel)
                readPowerMilliWatts(new double[rails.size()]);
            } catch (SensorException e) {
                close();
                throw e;
            } catch (IOException e) {
                close();
                throw new SensorException(e.getMessage(), e);
            }
            this.channels = List.copyOf(ch);
            this.update = up;
        }

        @Override
        public String readerId() {
            return ID;
        }

        @Override
        public List<Channel> channels() {
            return channels;
        }

        @Override
        public Kind kind() {
            return Kind.POWER;
        }

        @Override
        public long updateIntervalNanos() {
            return update;
        }

        @Override
        public void readPowerMilliWatts(double[] out) throws IOException {
            for (int i = 0; i < power.length; i++) {
                if (power[i] != null) {
                    out[i] = power[i].readLong();                            // iio: mW
                } else {
                    out[i] = volt[i].readLong() * (double) curr[i].readLong() / 1000.0; // hwmon: mV x mA = µW
                }
            }
        }

        @Override
        public void checkPresent() throws IOException {
            for (int i = 0; i < power.length; i++) {
                SysfsFile f = power[i] != null ? power[i] : volt[i];
                if (f != null && !f.exists()) {
                    throw new IOException("sensor vanished: " + f.path() + " no longer exists");
                }
                if (curr[i] != null && !curr[i].exists()) {
                    throw new IOException("sensor vanished: " + curr[i].path() + " no longer exists");
                }
            }
        }

        @Override
        public void close() {
            for (SysfsFile[] fs : new SysfsFile[][] {power, volt, curr}) {
                if (fs == null) {
                    continue;
                }
                for (SysfsFile f : fs) {
                    if (f != null) {
                        f.close();
                    }
                }
            }
        }
    }
}
