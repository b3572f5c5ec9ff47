package org.vitwatt.power.nvml;

import java.util.Arrays;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.power.SensorException;
import org.vitwatt.power.clocks.ClockChange;
import org.vitwatt.power.clocks.ClockRequest;

/**
 * Holds an NVIDIA GPU's graphics clock through NVML: {@code nvmlDeviceSetGpuLockedClocks(dev, f, f)} with {@code f} the
 * supported graphics clock ({@code nvmlDeviceGetSupportedGraphicsClocks} at the current memory clock) nearest the one
 * asked for, or {@code nvmlDeviceGetMaxClockInfo(NVML_CLOCK_GRAPHICS)} for {@code max}; undone with
 * {@code nvmlDeviceResetGpuLockedClocks}, which returns the GPU to its default clocks (NVML has no call that reads a
 * previous lock back). Locking needs root; a refusal says so.
 */
public final class NvmlClockControl {
    private NvmlClockControl() {
    }

    /** The frequency {@code r} means on GPU {@code gpu}, MHz (nothing is changed). */
    public static int target(String lib, int gpu, String flag, ClockRequest r) {
        try (NvmlDevice d = NvmlDevice.open(lib, gpu)) {
            int max = d.maxGraphicsClockMHz();
            if (r.kind() == ClockRequest.Kind.MAX) {
                return max;
            }
            int[] offered = d.supportedGraphicsClocksMHz();
            Arrays.sort(offered);
            int best = offered[0];
            for (int f : offered) {
                if (Math.abs(f - r.mhz()) < Math.abs(best - r.mhz())) {
                    best = f;
                }
            }
            return best;
        } catch (SensorException e) {
            throw new VitwattException("-p " + flag + "=" + r + ": no Jetson GPU devfreq device here, and NVML cannot "
                    + "hold an NVIDIA GPU's clock: " + e.getMessage());
        }
    }

    /** Locks GPU {@code gpu} at {@code mhz}. */
    public static void lock(String lib, int gpu, int mhz) throws SensorException {
        try (NvmlDevice d = NvmlDevice.open(lib, gpu)) {
            d.lockGraphicsClock(mhz);
        }
    }

    /** Resets GPU {@code gpu}'s locked clocks. */
    public static void reset(String lib, int gpu) throws SensorException {
        try (NvmlDevice d = NvmlDevice.open(lib, gpu)) {
            d.resetGraphicsClock();
        }
    }

    /** The change record of a lock at {@code mhz}. */
    public static ClockChange change(String lib, int gpu, int mhz) {
        return ClockChange.nvml(gpu, lib, Integer.toString(mhz));
    }
}
