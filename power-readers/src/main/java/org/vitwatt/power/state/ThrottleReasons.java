package org.vitwatt.power.state;

import java.util.ArrayList;
import java.util.List;

/**
 * NVML's clock event reasons that mean the GPU is held below the clock it would run at, as named in NVIDIA's
 * {@code nvml.h} ({@code nvmlClocksEventReasons}, NVML API version 13): software power cap 0x4, hardware slowdown 0x8,
 * sync boost 0x10, software thermal slowdown 0x20, hardware thermal slowdown 0x40, hardware power brake 0x80. The
 * others (GPU idle 0x1, application clocks setting 0x2, display clock setting 0x100) are not throttling: an idle GPU
 * clocks down by design, and a clock the user set is the clock asked for.
 */
public final class ThrottleReasons {
    private static final long[] BITS = {0x4L, 0x8L, 0x10L, 0x20L, 0x40L, 0x80L};
    private static final String[] NAMES = {"sw_power_cap", "hw_slowdown", "sync_boost", "sw_thermal_slowdown",
        "hw_thermal_slowdown", "hw_power_brake_slowdown"};

    private ThrottleReasons() {
    }

    /** The throttling reasons set in {@code mask}, in bit order; empty when none. */
    public static List<String> of(long mask) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < BITS.length; i++) {
            if ((mask & BITS[i]) != 0) {
                out.add(NAMES[i]);
            }
        }
        return out;
    }
}
