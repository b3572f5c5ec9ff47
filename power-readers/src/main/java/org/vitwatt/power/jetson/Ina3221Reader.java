package org.vitwatt.power.jetson;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vitwatt.power.Availability;
import org.vitwatt.power.PowerConfigException;
import org.vitwatt.power.PowerOptions;
import org.vitwatt.power.PowerReader;
import org.vitwatt.power.Sensor;
import org.vitwatt.power.SensorException;
import org.vitwatt.power.internal.Rails;

/**
 * Jetson on-board INA3221 power monitors, both sysfs layouts ({@link Ina3221Tree}), read as instantaneous power per
 * rail ({@link Ina3221Sensor}). Sources: Linux {@code Documentation/hwmon/ina3221.rst} and
 * {@code drivers/hwmon/ina3221.c}; the L4T 32 kernel's {@code drivers/staging/iio/meter/ina3221.c}; jetson_stats
 * {@code jtop/core/power.py}; energymon {@code jetson/ina3221.c} and {@code jetson/ina3221x.c} (docs/power.md cites
 * each with its commit).
 *
 * <p>Rails are chosen by label ({@code rails=VDD_IN,...}); by default every connected rail. A rail is never dropped or
 * swapped silently: a rail the user names whose files are missing, or the board input rail ({@code VDD_IN},
 * {@code POM_5V_IN}) that would be the total, is an error naming the file and what to do; another rail missing its
 * files is left out of the default selection with a warning ({@link Sensor#warnings()}).
 */
public final class Ina3221Reader implements PowerReader {
    public static final String ID = "ina3221";

    /** Rails that measure the whole module input (jtop {@code total_power}). */
    static final Set<String> INPUT_RAILS = Set.of("VDD_IN", "POM_5V_IN");

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
            List<Ina3221Rail> rails = Ina3221Tree.discover(options.sysfs());
            if (rails.isEmpty()) {
                return Availability.no(Ina3221Tree.noSensorReason(options.sysfs()));
            }
            List<String> names = new ArrayList<>();
            StringBuilder unreadable = new StringBuilder();
            for (Ina3221Rail r : rails) {
                names.add(r.name());
                if (!r.readable()) {
                    unreadable.append("; ").append(r.name()).append(" unreadable: ").append(r.problem());
                }
            }
            return Availability.yes(rails.size() + " rail(s) via " + rails.get(0).layout() + unreadable, names);
        } catch (SensorException e) {
            return Availability.no(e.getMessage());
        }
    }

    @Override
    public Sensor open(PowerOptions options) throws SensorException {
        List<Ina3221Rail> rails = Ina3221Tree.discover(options.sysfs());
        if (rails.isEmpty()) {
            throw new SensorException(Ina3221Tree.noSensorReason(options.sysfs()));
        }
        List<String> labels = new ArrayList<>();
        List<Integer> all = new ArrayList<>();
        List<String> readable = new ArrayList<>();
        for (int i = 0; i < rails.size(); i++) {
            labels.add(rails.get(i).name());
            all.add(i);
            if (rails.get(i).readable()) {
                readable.add(rails.get(i).name());
            }
        }
        boolean named = false;
        for (PowerOptions.RailRequest req : options.railsFor(ID)) {
            named |= labels.stream().anyMatch(l -> Rails.matches(l, req.label()));
        }
        List<Integer> chosen = Rails.select(ID, options, labels, all);
        List<Ina3221Rail> selected = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i : chosen) {
            Ina3221Rail r = rails.get(i);
            if (r.readable()) {
                selected.add(r);
            } else if (named) {
                throw new PowerConfigException("Rail '" + r.name() + "' of ina3221 cannot be read: " + r.problem()
                        + " (its label is " + r.labelFile() + "); check the INA3221 driver, or choose readable rails "
                        + "with rails=" + String.join(",", readable));
            } else if (INPUT_RAILS.contains(r.name())) {
                throw new PowerConfigException("ina3221: the board input rail " + r.name() + " cannot be read: "
                        + r.problem() + "; without it the total would silently become the sum of the other rails. "
                        + "Check the INA3221 driver, or name the rails to sum with rails=" + String.join(",", readable));
            } else {
                warnings.add("ina3221: rail " + r.name() + " left out: " + r.problem());
            }
        }
        if (selected.isEmpty()) {
            throw new SensorException("no readable INA3221 rail: " + String.join("; ", warnings));
        }
        return new Ina3221Sensor(selected, warnings);
    }
}
