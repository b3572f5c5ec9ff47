package org.vitwatt.power.state;

/**
 * One figure of device state a {@link StateProbe} reads: a clock, a temperature, the floor a clock is held to, or a
 * mask of throttle reasons.
 *
 * @param name  the name in metric labels: {@code gpu}, {@code cpu0}, {@code emc}, {@code gpu-thermal},
 *              {@code nvml0.sm}, {@code nvml0}
 * @param kind  what it is
 * @param watch for a clock: whether a drop below its reference counts as throttling (GPU and CPU clusters; not the
 *              memory clock, which DVFS moves with the load)
 */
public record StateChannel(String name, Kind kind, boolean watch) {
    /** What a channel holds. */
    public enum Kind {
        /** A clock, MHz. */
        CLOCK,
        /** The lowest frequency a clock is allowed now (devfreq {@code min_freq}, cpufreq {@code scaling_min_freq}), MHz;
         * named after its clock with a {@code .floor} suffix. */
        FLOOR,
        /** A temperature, °C. */
        TEMPERATURE,
        /** NVML's clock event reasons, a bitmask ({@code nvmlDeviceGetCurrentClocksEventReasons}). */
        REASONS
    }

    /** A clock that is or is not watched for drops. */
    public static StateChannel clock(String name, boolean watch) {
        return new StateChannel(name, Kind.CLOCK, watch);
    }

    /** The floor of clock {@code clock}. */
    public static StateChannel floor(String clock) {
        return new StateChannel(clock + ".floor", Kind.FLOOR, false);
    }

    public static StateChannel temperature(String name) {
        return new StateChannel(name, Kind.TEMPERATURE, false);
    }

    public static StateChannel reasons(String name) {
        return new StateChannel(name, Kind.REASONS, false);
    }
}
