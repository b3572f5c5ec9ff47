package org.vitwatt.power;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds fake sysfs trees laid out exactly as the readers' sources describe (see each reader's Javadoc), and rewrites
 * attribute values in place (same inode, as sysfs does) so that files the readers keep open see the new text.
 */
final class FakeSysfs {
    final Path root;

    FakeSysfs(Path root) {
        closeAll(); // a new tree: drop the channels kept open on the previous test's files
        this.root = root;
    }

    /** {@code bus/i2c/drivers/ina3221/<busAddr>/hwmon/hwmon<n>} with {@code update_interval}. */
    Path hwmonDevice(String busAddr, int n, long updateIntervalMs) {
        Path hw = root.resolve("bus/i2c/drivers/ina3221/" + busAddr + "/hwmon/hwmon" + n);
        mkdirs(hw);
        write(root.resolve("bus/i2c/drivers/ina3221/" + busAddr + "/name"), "ina3221");
        write(hw.resolve("name"), "ina3221");
        write(hw.resolve("update_interval"), Long.toString(updateIntervalMs));
        write(hw.resolve("samples"), "1");
        return hw;
    }

    /** One hwmon channel: {@code in<c>_label}, {@code in<c>_input} (mV), {@code curr<c>_input} (mA). */
    void hwmonRail(Path hw, int c, String label, long millivolts, long milliamps) {
        write(hw.resolve("in" + c + "_label"), label);
        write(hw.resolve("in" + c + "_input"), Long.toString(millivolts));
        write(hw.resolve("curr" + c + "_input"), Long.toString(milliamps));
        write(hw.resolve("in" + (c + 3) + "_input"), "1200"); // shunt µV: never read as a rail
        write(hw.resolve("shunt" + c + "_resistor"), "5000");
    }

    /** The shunt-sum channel the kernel labels "sum of shunt voltages". */
    void hwmonSum(Path hw) {
        write(hw.resolve("in7_label"), "sum of shunt voltages");
        write(hw.resolve("in7_input"), "3600");
        write(hw.resolve("curr4_input"), "720");
    }

    /** {@code bus/i2c/drivers/ina3221x/<busAddr>/iio:device<n>}. */
    Path iioDevice(String busAddr, int n) {
        Path d = root.resolve("bus/i2c/drivers/ina3221x/" + busAddr + "/iio:device" + n);
        mkdirs(d);
        write(root.resolve("bus/i2c/drivers/ina3221x/" + busAddr + "/name"), "ina3221x");
        return d;
    }

    /** One iio channel: {@code rail_name_<c>}, {@code in_power<c>_input} (mW) and its siblings. */
    void iioRail(Path d, int c, String label, long milliwatts) {
        write(d.resolve("rail_name_" + c), label);
        write(d.resolve("in_power" + c + "_input"), Long.toString(milliwatts));
        write(d.resolve("in_voltage" + c + "_input"), "5000");
        write(d.resolve("in_current" + c + "_input"), Long.toString(milliwatts / 5));
        write(d.resolve("polling_delay_" + c), "0 ms");
    }

    /** {@code class/powercap/<dir>} with {@code name}, {@code energy_uj}, {@code max_energy_range_uj}. */
    Path raplZone(String dir, String name, long energyUj, long maxUj) {
        Path z = root.resolve("class/powercap/" + dir);
        mkdirs(z);
        write(z.resolve("name"), name);
        write(z.resolve("energy_uj"), Long.toString(energyUj));
        write(z.resolve("max_energy_range_uj"), Long.toString(maxUj));
        write(z.resolve("enabled"), "1");
        return z;
    }

    private static final Map<Path, FileChannel> OPEN = new ConcurrentHashMap<>();

    /**
     * Rewrites a numeric attribute in place at offset 0 through a channel kept open (fast: no open, truncate or
     * journal work per sample on a disk-backed temp directory). A shorter value leaves stale bytes after its newline,
     * which no reader looks at: every numeric read stops at the first non-digit.
     */
    static void set(Path file, long value) {
        try {
            FileChannel ch = OPEN.get(file);
            if (ch == null || !ch.isOpen()) {
                ch = FileChannel.open(file, StandardOpenOption.WRITE);
                OPEN.put(file, ch);
            }
            ch.write(ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the channels {@link #set} keeps open (call when a tree is deleted). */
    static void closeAll() {
        for (FileChannel ch : OPEN.values()) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // test helper
            }
        }
        OPEN.clear();
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            FileChannel open = OPEN.remove(file);
            if (open != null) {
                open.close();
            }
            Files.writeString(file, text + "\n"); // truncate + write: same inode
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
