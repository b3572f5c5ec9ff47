package org.vitwatt.power.rapl;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Intel (and AMD) RAPL energy counters through the Linux powercap framework.
 *
 * <p>Zones are {@code <sysfs>/class/powercap/intel-rapl:<n>} (package or {@code psys}) and
 * {@code intel-rapl:<n>:<m>} (sub-zones: core, uncore, dram); {@code intel-rapl-mmio:*} duplicates of the package are
 * ignored. Each zone has {@code name}, {@code energy_uj} (cumulative µJ) and {@code max_energy_range_uj} (the range,
 * after which the counter wraps to 0). Values exceed 32 bits and are parsed as {@code long}.
 * Sources: Linux {@code Documentation/power/powercap/powercap.rst} ("energy_uj: current energy counter in micro
 * joules", "max_energy_range_uj: range of the above energy counter in micro-joules", "name"); Linux
 * {@code drivers/powercap/powercap_sys.c} (class name {@code "powercap"}; zone devices named
 * {@code "%s:%x"} from the parent's name and the zone id; {@code energy_uj} is created with mode {@code S_IRUSR},
 * i.e. readable by root only, since the PLATYPUS fix CVE-2020-8694, Linux 5.10); Zeus
 * {@code zeus/device/cpu/rapl.py} (reads {@code name}, {@code energy_uj}, {@code max_energy_range_uj}; counts a wrap
 * when a reading is below the previous one and adds {@code max_energy_range_uj} per wrap).
 *
 * <p>Wrap-around: the sampler takes {@code delta = new - old} and, when negative, {@code new + max - old}; it polls far
 * more often than once per wrap period (about 44 min at 100 W on Intel's 262 kJ range). The modulus used is
 * {@code max_energy_range_uj} as in Zeus; the true modulus may be one RAPL energy unit (15–61 µJ) larger, an error
 * of at most one unit per wrap.
 *
 * <p>Channels and the total: by default the top-level zones ({@code package-N}, and {@code psys} where present);
 * {@code rails=} picks zones by label ({@code package-0}, {@code psys}, {@code package-0:dram}) or by zone directory
 * name ({@code intel-rapl:0:2}). Nested zones are never summed: the total counts only selected zones that no other
 * selected zone contains (a sub-zone is inside its parent; every zone is inside {@code psys}; CodeCarbon's rapl notes:
 * psys &supe; package &supe; core/uncore).
 */
public final class RaplReader implements PowerReader {
    public static final String ID = "rapl";

    /** RAPL counters refresh about every millisecond. */
    static final long UPDATE_NANOS = 1_000_000L;

    private static final Pattern ZONE = Pattern.compile("intel-rapl:([0-9a-fA-F]+)(?::([0-9a-fA-F]+))?");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "RAPL energy counters via powercap (energy_uj, wrap at max_energy_range_uj), CPU package/psys/dram";
    }

    @Override
    public Availability probe(PowerOptions options) {
        List<Zone> zones = discover(options.sysfs());
        if (zones.isEmpty()) {
            return Availability.no(noZonesReason(options.sysfs()));
        }
        List<String> names = new ArrayList<>();
        for (Zone z : zones) {
            names.add(z.label);
        }
        for (Zone z : zones) {
            if (z.parent == null) {
                try (SysfsFile f = SysfsFile.open(z.dir.resolve("energy_uj"))) {
                    f.readLong();
                } catch (SensorException e) {
                    return Availability.no(reason(e, z.dir.resolve("energy_uj")));
                } catch (IOException e) {
                    return Availability.no(reason(e, z.dir.resolve("energy_uj")));
                }
            }
        }
        return Availability.yes(zones.size() + " zone(s)", names);
    }

    private static String noZonesReason(Path sysfs) {
        return "no RAPL zones under " + sysfs.resolve("class/powercap")
                + " (not an Intel/AMD CPU with the intel_rapl driver loaded, or a VM/container without powercap)";
    }

    /**
     * The human reason for a failure to read {@code energy_uj}; for permission denied it names the file and the fix.
     */
    public static String reason(IOException e, Path energyFile) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof AccessDeniedException || String.valueOf(t.getMessage()).contains("permission denied")) {
                return "cannot read " + energyFile + ": permission denied (energy_uj is root-only since Linux 5.10, "
                        + "CVE-2020-8694); run as root or `sudo chmod o+r " + energyFile.getParent().getParent()
                        + "/intel-rapl:*/energy_uj` (until reboot)";
            }
            t = t.getCause();
        }
        return e.getMessage();
    }

    @Override
    public Sensor open(PowerOptions options) throws SensorException {
        List<Zone> zones = discover(options.sysfs());
        if (zones.isEmpty()) {
            throw new SensorException(noZonesReason(options.sysfs()));
        }
        List<String> labels = new ArrayList<>();
        List<Integer> defaults = new ArrayList<>();
        for (int i = 0; i < zones.size(); i++) {
            labels.add(zones.get(i).label);
            if (zones.get(i).parent == null) {
                defaults.add(i);
            }
        }
        // rails= may name a zone by label (package-0:dram) or by its directory name (intel-rapl:0:2)
        List<String> dirNames = new ArrayList<>();
        for (Zone z : zones) {
            dirNames.add(z.dir.getFileName().toString());
        }
        List<Integer> chosen = Rails.select(ID, options, labels, dirNames, defaults);
        List<Zone> selected = new ArrayList<>();
        for (int i : chosen) {
            selected.add(zones.get(i));
        }
        return new RaplSensor(selected);
    }

    /** One powercap zone. */
    static final class Zone {
        final Path dir;
        final String label;
        final String name;
        final Zone parent;

        Zone(Path dir, String label, String name, Zone parent) {
            this.dir = dir;
            this.label = label;
            this.name = name;
            this.parent = parent;
        }

        boolean contains(Zone other) {
            if (name.equals("psys") && other != this) {
                return true;
            }
            for (Zone p = other.parent; p != null; p = p.parent) {
                if (p == this) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Lists the zones that have an {@code energy_uj} file: top-level zones first, each followed by its sub-zones. */
    static List<Zone> discover(Path sysfs) {
        Path root = sysfs.resolve("class/powercap");
        List<Zone> out = new ArrayList<>();
        for (Path top : Dirs.subdirs(root, n -> ZONE.matcher(n).matches() && n.indexOf(':') == n.lastIndexOf(':'))) {
            Zone z = zone(top, null);
            if (z == null) {
                continue;
            }
            out.add(z);
            // sub-zones appear both flat in /sys/class/powercap and nested in their parent's directory
            List<Path> subs = Dirs.subdirs(root, n -> isChildOf(n, top.getFileName().toString()));
            if (subs.isEmpty()) {
                subs = Dirs.subdirs(top, n -> isChildOf(n, top.getFileName().toString()));
            }
            for (Path sub : subs) {
                Zone s = zone(sub, z);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static boolean isChildOf(String name, String parent) {
        Matcher m = ZONE.matcher(name);
        return m.matches() && m.group(2) != null && name.startsWith(parent + ":");
    }

    private static Zone zone(Path dir, Zone parent) {
        if (!Files.exists(dir.resolve("energy_uj"))) {
            return null;
        }
        String name;
        try {
            name = SysfsFile.readText(dir.resolve("name"));
        } catch (SensorException e) {
            name = dir.getFileName().toString();
        }
        String label = parent == null ? name : parent.label + ":" + name;
        return new Zone(dir, label, name, parent);
    }

    /** The opened zones. */
    static final class RaplSensor implements Sensor {
        private final List<Channel> channels;
        private final SysfsFile[] files;
        private final long[] wrap;

        RaplSensor(List<Zone> zones) throws SensorException {
            files = new SysfsFile[zones.size()];
            wrap = new long[zones.size()];
            List<Channel> ch = new ArrayList<>();
            try {
                for (int i = 0; i < zones.size(); i++) {
                    Zone z = zones.get(i);
                    boolean inTotal = true;
                    for (Zone other : zones) {
                        if (other != z && other.contains(z)) {
                            inTotal = false;
                        }
                    }
                    Path energy = z.dir.resolve("energy_uj");
                    ch.add(new Channel(z.label, inTotal, energy.toString()));
                    try {
                        files[i] = SysfsFile.open(energy);
                        files[i].readLong();
                    } catch (IOException e) {
                        throw new SensorException(reason(e, energy), e);
                    }
                    Path max = z.dir.resolve("max_energy_range_uj");
                    wrap[i] = Files.exists(max) ? SysfsFile.readLongOnce(max) : 0;
                }
            } catch (SensorException e) {
                close();
                throw e;
            }
            channels = List.copyOf(ch);
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
            return Kind.ENERGY_COUNTER;
        }

        @Override
        public long updateIntervalNanos() {
            return UPDATE_NANOS;
        }

        @Override
        public String updateIntervalSource() {
            return "documented: RAPL counters refresh about every 1 ms";
        }

        @Override
        public boolean updateIntervalObservable() {
            return true;
        }

        @Override
        public long wrapMicroJoules(int channel) {
            return wrap[channel];
        }

        @Override
        public void readEnergyMicroJoules(long[] out) throws IOException {
            for (int i = 0; i < files.length; i++) {
                out[i] = files[i].readLong();
            }
        }

        @Override
        public void checkPresent() throws IOException {
            for (SysfsFile f : files) {
                if (!f.exists()) {
                    throw new IOException("sensor vanished: " + f.path() + " no longer exists");
                }
            }
        }

        @Override
        public void close() {
            for (SysfsFile f : files) {
                if (f != null) {
                    f.close();
                }
            }
        }
    }
}
