package org.vitwatt.bench.energy;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.Result;
import org.vitwatt.bench.JmhResults;
import org.vitwatt.power.SamplingRate;
import org.vitwatt.power.UpdateInterval;
import org.vitwatt.power.WindowStats;
import org.vitwatt.results.Metrics;

/**
 * One iteration's energy figures as JMH secondary results, from the window the sampler measured: pure arithmetic, no
 * JMH lifecycle, so every case is testable on made-up windows.
 *
 * <p>A valid window gives energy per operation and per image, above idle, mean and peak power, per-rail figures, which
 * rails the total summed ({@code energy.inTotal(reader/rail)} = 1), the rate asked for and each reader's update
 * interval, and {@code energy.validIterations} = 1, {@code energy.invalid} = 0. An invalid window gives no energy,
 * power or per-image figure at all, {@code energy.validIterations} = 0 and {@code energy.invalid} = 1 with the reason
 * as its note (kept in the journal); both counts are summed over iterations by JMH, and since vitwatt's results are
 * never padded with zeros ({@link org.vitwatt.bench.MeasuredResult}) the energy means are over valid iterations only.
 */
final class EnergyFigures {
    private EnergyFigures() {
    }

    /**
     * @param w       the iteration's window
     * @param idle    the idle baseline, or null when there is none (or it was invalid)
     * @param ops     the operations JMH counted in the window
     * @param batch   images per operation, 0 when the benchmark has no {@code batch} parameter
     * @param rate    the sampling rate and each sensor's update interval
     * @param invalid a reason the window cannot be used although the sampler covered it, or null
     * @param seconds the time JMH measured inside the window ({@link MeasuredTime}), or NaN to take the whole window:
     *                energy is then the window's mean power times this time
     * @return the results, and the reason when the window was invalid
     */
    static Figures of(WindowStats w, WindowStats idle, long ops, int batch, SamplingRate rate, String invalid,
            double seconds) {
        List<Result> out = new ArrayList<>();
        out.add(JmhResults.of(Metrics.ENERGY_SAMPLES, w.samples()));
        out.add(JmhResults.of(Metrics.ENERGY_RATE_HZ, w.effectiveRateHz()));
        out.add(JmhResults.of(Metrics.ENERGY_TARGET_RATE_HZ, rate.hz()));
        for (UpdateInterval u : rate.updates()) {
            out.add(JmhResults.of(Metrics.ENERGY_UPDATE_MS, u.readerId(), u.millis()));
        }
        if (w.isShort()) {
            out.add(JmhResults.of(Metrics.ENERGY_SHORT_WINDOW, 1));
        }
        String why = invalid != null ? invalid : !w.valid() ? w.invalidReason()
                : ops <= 0 ? "JMH counted no operations in the iteration" : null;
        if (why != null) {
            out.add(JmhResults.of(Metrics.ENERGY_VALID_ITERATIONS, 0));
            out.add(JmhResults.of(Metrics.ENERGY_INVALID, 1, why));
            return new Figures(out, why);
        }
        out.add(JmhResults.of(Metrics.ENERGY_VALID_ITERATIONS, 1));
        out.add(JmhResults.of(Metrics.ENERGY_INVALID, 0));
        double t = seconds > 0 && seconds <= w.durationSeconds() * (1 + 1e-3) ? seconds : w.durationSeconds();
        double perOp = w.meanWatts() * t * 1000.0 / ops;
        out.add(JmhResults.of(Metrics.ENERGY_TOTAL, perOp));
        boolean haveIdle = idle != null && idle.valid();
        double aboveIdle = haveIdle ? (w.meanWatts() - idle.meanWatts()) * t * 1000.0 / ops : Double.NaN;
        if (haveIdle) {
            out.add(JmhResults.of(Metrics.ENERGY_ABOVE_IDLE, aboveIdle));
        }
        if (batch > 0) {
            out.add(JmhResults.of(Metrics.ENERGY_PER_IMAGE, perOp / batch));
            if (haveIdle) {
                out.add(JmhResults.of(Metrics.ENERGY_PER_IMAGE_ABOVE_IDLE, aboveIdle / batch));
            }
        }
        out.add(JmhResults.of(Metrics.POWER_MEAN, w.meanWatts()));
        out.add(JmhResults.of(Metrics.POWER_PEAK, w.peakWatts()));
        if (haveIdle) {
            out.add(JmhResults.of(Metrics.POWER_IDLE, idle.meanWatts()));
        }
        for (WindowStats.ChannelStats c : w.channels()) {
            out.add(JmhResults.of(Metrics.ENERGY_TOTAL_RAIL, c.key(), c.meanWatts() * t * 1000.0 / ops));
            out.add(JmhResults.of(Metrics.POWER_MEAN_RAIL, c.key(), c.meanWatts()));
            if (c.inTotal()) {
                out.add(JmhResults.of(Metrics.ENERGY_IN_TOTAL, c.key(), 1));
            }
        }
        if (w.estimate()) {
            out.add(JmhResults.of(Metrics.ENERGY_ESTIMATE, 1));
        }
        return new Figures(out, null);
    }

    /**
     * @param results the iteration's results
     * @param invalid why the window was invalid, or null when it was valid
     */
    record Figures(List<Result> results, String invalid) {
    }
}
