package org.vitwatt.power.nvml;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.vitwatt.power.SensorException;
import org.vitwatt.power.state.StateChannel;
import org.vitwatt.power.state.StateProbe;

/**
 * One NVIDIA GPU's clocks, temperature and clock event (throttle) reasons through NVML, for the sampler's low-rate
 * device state: {@code nvml<N>.graphics}, {@code nvml<N>.sm}, {@code nvml<N>.mem} ({@code nvmlDeviceGetClockInfo},
 * MHz), {@code nvml<N>} temperature ({@code nvmlDeviceGetTemperature}, °C) and reasons
 * ({@code nvmlDeviceGetCurrentClocksEventReasons}). A figure NVML will not give is NaN.
 */
public final class NvmlStateProbe implements StateProbe {
    private final NvmlDevice device;
    private final List<StateChannel> channels;

    private NvmlStateProbe(NvmlDevice device) {
        this.device = device;
        String g = "nvml" + device.index();
        this.channels = List.of(StateChannel.clock(g + ".graphics", false), StateChannel.clock(g + ".sm", false),
                StateChannel.clock(g + ".mem", false), StateChannel.temperature(g), StateChannel.reasons(g));
    }

    /** Opens GPU {@code gpu} through {@code lib}; the exception says why not (no library, no such GPU). */
    public static NvmlStateProbe open(String lib, int gpu) throws SensorException {
        return new NvmlStateProbe(NvmlDevice.open(lib, gpu));
    }

    @Override
    public String source() {
        return "nvml";
    }

    @Override
    public List<StateChannel> channels() {
        return channels;
    }

    @Override
    public void read(double[] out) {
        out[0] = value(device.clockMHz(NvmlDevice.NVML_CLOCK_GRAPHICS));
        out[1] = value(device.clockMHz(NvmlDevice.NVML_CLOCK_SM));
        out[2] = value(device.clockMHz(NvmlDevice.NVML_CLOCK_MEM));
        out[3] = value(device.temperatureC());
        OptionalLong reasons = device.clockEventReasons();
        out[4] = reasons.isPresent() ? reasons.getAsLong() : Double.NaN;
    }

    private static double value(OptionalInt v) {
        return v.isPresent() ? v.getAsInt() : Double.NaN;
    }

    @Override
    public void close() {
        device.close();
    }
}
