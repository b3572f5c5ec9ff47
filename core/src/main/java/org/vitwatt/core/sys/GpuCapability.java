package org.vitwatt.core.sys;

import java.util.OptionalInt;
import org.vitwatt.power.SensorException;
import org.vitwatt.power.nvml.NvmlDevice;

/** A GPU's CUDA compute capability, read through NVML ({@link NvmlDevice#computeCapability()}). */
public final class GpuCapability {
    private GpuCapability() {
    }

    /** GPU {@code gpu}'s compute capability as {@code major * 10 + minor}; empty when NVML cannot tell. */
    public static OptionalInt read(String nvmlLib, int gpu) {
        try (NvmlDevice d = NvmlDevice.open(nvmlLib, gpu)) {
            return d.computeCapability();
        } catch (SensorException | RuntimeException | UnsatisfiedLinkError e) {
            return OptionalInt.empty();
        }
    }
}
