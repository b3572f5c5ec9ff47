package org.vitwatt.power.jetson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vitwatt.power.Channel;
import org.vitwatt.power.Sensor;
import org.vitwatt.power.SensorException;
import org.vitwatt.power.internal.SysfsFile;

/**
 * The chosen INA3221 rails, their files kept open and re-read at offset 0: iio {@code in_power<c>_input} in mW, or
 * hwmon {@code in<c>_input} (mV) &times; {@code curr<c>_input} (mA) / 1000. The total follows jtop's
 * {@code total_power}: the board input rail ({@code VDD_IN} or {@code POM_5V_IN}) alone when it is among the rails (it
 * already contains the others), else the sum of the rails.
 */
final class Ina3221Sensor implements Sensor {
    private final List<Channel> channels;
    private final SysfsFile[] power;
    private final SysfsFile[] volt;
    private final SysfsFile[] curr;
    private final long update;
    private final String updateSource;
    private final boolean observable;
    private final List<String> warnings;

    /** Opens {@code rails} (all readable); {@code warnings} are said by whoever opened the sensor. */
    Ina3221Sensor(List<Ina3221Rail> rails, List<String> warnings) throws SensorException {
        boolean hasInput = false;
        for (Ina3221Rail r : rails) {
            hasInput |= Ina3221Reader.INPUT_RAILS.contains(r.name());
        }
        List<Channel> ch = new ArrayList<>();
        power = new SysfsFile[rails.size()];
        volt = new SysfsFile[rails.size()];
        curr = new SysfsFile[rails.size()];
        Ina3221Rail slowest = rails.get(0);
        boolean watch = false;
        try {
            for (int i = 0; i < rails.size(); i++) {
                Ina3221Rail r = rails.get(i);
                ch.add(new Channel(r.name(), !hasInput || Ina3221Reader.INPUT_RAILS.contains(r.name()), r.detail()));
                if (r.power() != null) {
                    power[i] = SysfsFile.open(r.power());
                } else {
                    volt[i] = SysfsFile.open(r.voltage());
                    curr[i] = SysfsFile.open(r.current());
                }
                if (r.update().nanos() > slowest.update().nanos()) {
                    slowest = r;
                }
                watch |= r.observable();
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
        this.update = slowest.update().nanos();
        this.updateSource = slowest.update().source();
        this.observable = watch;
        this.warnings = List.copyOf(warnings);
    }

    @Override
    public String readerId() {
        return Ina3221Reader.ID;
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
    public String updateIntervalSource() {
        return updateSource;
    }

    @Override
    public boolean updateIntervalObservable() {
        return observable;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public void readPowerMilliWatts(double[] out) throws IOException {
        for (int i = 0; i < power.length; i++) {
            if (power[i] != null) {
                out[i] = power[i].readLong();                                       // iio: mW
            } else {
                out[i] = volt[i].readLong() * (double) curr[i].readLong() / 1000.0; // hwmon: mV x mA / 1000 = mW
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
