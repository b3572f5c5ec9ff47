package org.vitwatt.power;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.vitwatt.power.jetson.JetsonStateProbe;
import org.vitwatt.power.nvml.NvmlStateProbe;
import org.vitwatt.power.state.StateProbe;

/**
 * The registry of {@link PowerReader}s ({@link ServiceLoader}, {@code META-INF/services/org.vitwatt.power.PowerReader})
 * and the one place that turns {@link PowerOptions} into opened {@link Sensor}s.
 */
public final class PowerReaders {
    private static final System.Logger LOG = System.getLogger(PowerReaders.class.getName());
    private static final List<String> ORDER = List.of("ina3221", "nvml", "rapl", "cpu-estimate");

    private PowerReaders() {
    }

    /** Every reader on the class path, built-in ones first in a fixed order. */
    public static List<PowerReader> all() {
        Map<String, PowerReader> byId = new LinkedHashMap<>();
        for (PowerReader r : ServiceLoader.load(PowerReader.class, PowerReaders.class.getClassLoader())) {
            byId.putIfAbsent(r.id(), r);
        }
        if (Thread.currentThread().getContextClassLoader() != null) {
            for (PowerReader r : ServiceLoader.load(PowerReader.class)) {
                byId.putIfAbsent(r.id(), r);
            }
        }
        List<PowerReader> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparingInt((PowerReader r) -> {
            int i = ORDER.indexOf(r.id());
            return i < 0 ? ORDER.size() : i;
        }).thenComparing(PowerReader::id));
        return out;
    }

    /** The ids of {@link #all()}. */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (PowerReader r : all()) {
            ids.add(r.id());
        }
        return ids;
    }

    /** The reader with this id; an unknown id is a {@link PowerConfigException} that lists the known ones. */
    public static PowerReader byId(String id) {
        for (PowerReader r : all()) {
            if (r.id().equalsIgnoreCase(id)) {
                return r;
            }
        }
        throw new PowerConfigException("Unknown power reader '" + id + "'; known readers: " + String.join(", ", ids())
                + " (choose with readers=A,B)");
    }

    /** A reader that was asked for (or tried automatically) but could not be opened, and why. */
    public record Skipped(String readerId, String reason) {
        @Override
        public String toString() {
            return readerId + ": " + reason;
        }
    }

    /** The sensors opened for a run, and the readers skipped with their reasons. Closing closes the sensors. */
    public record Selection(List<Sensor> sensors, List<Skipped> skipped, boolean automatic) implements AutoCloseable {
        public Selection {
            sensors = List.copyOf(sensors);
            skipped = List.copyOf(skipped);
        }

        public boolean isEmpty() {
            return sensors.isEmpty();
        }

        @Override
        public void close() {
            for (Sensor s : sensors) {
                s.close();
            }
        }
    }

    /**
     * Opens the readers the options ask for. With {@code readers=} each named reader is opened or skipped with its
     * reason; without it every available real sensor is opened, and the {@code cpu-estimate} only when there is none
     * and {@code tdp=} was given. A sensor unreadable at start is skipped (never fatal); configuration mistakes
     * (unknown reader id, unknown rail, estimate without TDP) throw {@link PowerConfigException}.
     */
    public static Selection open(PowerOptions options) {
        List<PowerReader> wanted = new ArrayList<>();
        boolean automatic = options.readers().isEmpty();
        if (!automatic) {
            for (String id : options.readers()) {
                wanted.add(byId(id));
            }
            for (String rail : options.rails()) {
                int slash = rail.indexOf('/');
                if (slash > 0) {
                    PowerReader r = byId(rail.substring(0, slash));
                    if (wanted.stream().noneMatch(w -> w.id().equals(r.id()))) {
                        throw new PowerConfigException("rails=" + rail + " names reader '" + r.id()
                                + "' which is not in readers=" + String.join(",", options.readers())
                                + "; add it to readers= or drop the rail");
                    }
                }
            }
        } else {
            for (PowerReader r : all()) {
                if (!r.isEstimate()) {
                    wanted.add(r);
                }
            }
        }
        List<Sensor> sensors = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        try {
            for (PowerReader r : wanted) {
                tryOpen(r, options, sensors, skipped);
            }
            if (automatic && sensors.isEmpty() && options.tdp().isPresent()) {
                for (PowerReader r : all()) {
                    if (r.isEstimate()) {
                        tryOpen(r, options, sensors, skipped);
                    }
                }
            }
            checkRails(options, sensors, skipped, automatic);
        } catch (RuntimeException e) {
            for (Sensor s : sensors) {
                s.close();
            }
            throw e;
        }
        return new Selection(sensors, skipped, automatic);
    }

    private static void tryOpen(PowerReader r, PowerOptions options, List<Sensor> sensors, List<Skipped> skipped) {
        try {
            sensors.add(r.open(options));
        } catch (SensorException e) {
            LOG.log(System.Logger.Level.DEBUG, "power reader {0} skipped: {1}", r.id(), e.getMessage());
            skipped.add(new Skipped(r.id(), e.getMessage()));
        }
    }

    /** Every bare {@code rails=} label must be a channel of some opened sensor (or possibly of a skipped one). */
    private static void checkRails(PowerOptions options, List<Sensor> sensors, List<Skipped> skipped,
                                   boolean automatic) {
        List<String> present = new ArrayList<>();
        for (Sensor s : sensors) {
            for (Channel c : s.channels()) {
                present.add(s.readerId() + "/" + c.name());
            }
        }
        for (String rail : options.rails()) {
            if (rail.indexOf('/') > 0) {
                continue; // checked by the reader itself
            }
            boolean found = false;
            for (Sensor s : sensors) {
                for (Channel c : s.channels()) {
                    found |= c.name().equalsIgnoreCase(rail);
                }
            }
            if (found) {
                continue;
            }
            if (sensors.isEmpty() || !skipped.isEmpty() && !automatic) {
                skipped.add(new Skipped("rails", "rail '" + rail + "' not found among the opened readers' rails ("
                        + (present.isEmpty() ? "none" : String.join(", ", present))
                        + "); it may belong to a skipped reader"));
                continue;
            }
            List<String> all = new ArrayList<>();
            for (Sensor s : sensors) {
                List<String> names = byId(s.readerId()).probe(options).channels();
                if (names.isEmpty()) {
                    for (Channel c : s.channels()) {
                        all.add(c.name());
                    }
                } else {
                    all.addAll(names);
                }
            }
            List<String> ids = new ArrayList<>();
            for (Sensor s : sensors) {
                ids.add(s.readerId());
            }
            throw new PowerConfigException("Rail '" + rail + "' not found by " + String.join(", ", ids)
                    + "; rails present: " + String.join(", ", all) + " (choose with rails=LABEL or rails=reader/LABEL)");
        }
    }

    /**
     * The device-state probes the options allow here ({@code deviceState=on}): the sysfs clocks and temperatures under
     * {@code sysfs=} (Jetson GPU devfreq, cpufreq clusters, EMC, thermal zones) and NVML's GPU {@code gpu=} when its
     * library opens. A source that is not there is simply not sampled; {@code skipped} receives why, one line each.
     */
    public static List<StateProbe> openState(PowerOptions options, List<Skipped> skipped) {
        List<StateProbe> out = new ArrayList<>();
        if (!options.deviceState()) {
            return out;
        }
        JetsonStateProbe.open(options.sysfs()).ifPresent(out::add);
        try {
            out.add(NvmlStateProbe.open(options.nvmlLib(), options.gpu()));
        } catch (SensorException | RuntimeException e) {
            skipped.add(new Skipped("nvml device state", e.getMessage()));
        }
        return out;
    }

    /**
     * The text of {@code help}: every reader, whether it is available with these options and why not, its channels;
     * then the options.
     */
    public static String help(PowerOptions options) {
        StringBuilder sb = new StringBuilder();
        sb.append("Power readers (sysfs root ").append(options.sysfs()).append("):\n");
        for (PowerReader r : all()) {
            Availability a;
            try {
                a = r.probe(options);
            } catch (RuntimeException e) {
                a = Availability.no(e.getMessage());
            }
            sb.append(String.format("  %-13s %s%n", r.id(), r.description()));
            sb.append(String.format("  %-13s %s: %s%n", "", a.available() ? "available" : "NOT available",
                    a.reason()));
            if (!a.channels().isEmpty()) {
                sb.append(String.format("  %-13s rails: %s%n", "", String.join(", ", a.channels())));
            }
        }
        sb.append("Options (key=value, separated by ';'):\n");
        sb.append("  readers=A,B      reader ids (default: every available sensor; cpu-estimate only if none and tdp=)\n");
        sb.append("  rails=A,B        channels by label, LABEL or reader/LABEL (default: each reader's own)\n");
        sb.append("  rateHz=F|auto    sampling rate in Hz (default auto: about twice the fastest sensor's update rate)\n");
        sb.append("  idleSeconds=S    idle baseline before the first iteration (default 5; 0 = none)\n");
        sb.append("  sysfs=DIR        replaces /sys for every sysfs reader (a fake or recorded tree)\n");
        sb.append("  nvmlLib=FILE     NVML library (default libnvidia-ml.so.1)\n");
        sb.append("  gpu=N            NVML device index (default 0)\n");
        sb.append("  tdp=W            CPU TDP in watts, required by cpu-estimate\n");
        sb.append("  deviceState=on   also sample clocks, temperatures, throttle reasons (default on; off = none)\n");
        return sb.toString();
    }
}
