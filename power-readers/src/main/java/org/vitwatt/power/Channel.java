package org.vitwatt.power;

/**
 * One thing a sensor reads: a rail (Jetson INA3221), a GPU (NVML), a RAPL zone, or the CPU estimate.
 *
 * @param name    the label the user selects with {@code rails=} and that appears in metric names
 *                ({@code VDD_GPU_SOC}, {@code gpu0}, {@code package-0}, {@code cpu})
 * @param inTotal whether this channel is summed into the reader's total; {@code false} for a channel that another
 *                selected channel already contains (a sub-rail when the board input rail is selected, a nested RAPL
 *                zone when its parent is selected), so that nothing is counted twice
 * @param detail  where it comes from (a path or a device name), for messages and {@code help}
 */
public record Channel(String name, boolean inTotal, String detail) {
}
