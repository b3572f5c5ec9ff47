package org.vitwatt.bench.energy;

import java.time.Duration;
import java.util.Locale;
import org.vitwatt.power.PowerConfigException;
import org.vitwatt.power.PowerOptions;
import org.vitwatt.power.PowerReaders;
import org.vitwatt.power.Sampler;
import org.vitwatt.power.SamplingRate;
import org.vitwatt.power.Sensor;
import org.vitwatt.power.UpdateWatch;
import org.vitwatt.power.WindowStats;

/**
 * One fork's sampling: the sensors opened, the rate chosen, the sampler started and the idle baseline measured, once,
 * before the first iteration; then a window per iteration; closed after the last measurement iteration. Says on
 * stderr (through {@link Say}) what it samples, at what rate and why, and why a sensor was skipped.
 */
final class EnergySession implements AutoCloseable {
    private final Sampler sampler;
    private final WindowStats idle;

    private EnergySession(Sampler sampler, WindowStats idle) {
        this.sampler = sampler;
        this.idle = idle;
    }

    /** Opens and starts; empty (after saying why once) when there is nothing to sample. */
    static EnergySession start(PowerOptions options) {
        PowerReaders.Selection selection;
        try {
            selection = PowerReaders.open(options);
        } catch (PowerConfigException e) {
            Say.once("energy: " + e.getMessage() + "; energy metrics are omitted, the run goes on");
            return null;
        }
        if (selection.isEmpty()) {
            StringBuilder why = new StringBuilder();
            for (PowerReaders.Skipped s : selection.skipped()) {
                why.append(why.length() == 0 ? "" : "; ").append(s);
            }
            Say.once("energy: no power sensor available here (" + why + "); energy metrics are omitted, the run goes "
                    + "on (-prof energy:help)");
            return null;
        }
        if (!selection.automatic()) {
            for (PowerReaders.Skipped s : selection.skipped()) {
                Say.once("energy: skipped " + s);
            }
        }
        for (Sensor s : selection.sensors()) {
            s.warnings().forEach(w -> Say.once("energy: " + w));
        }
        SamplingRate rate = SamplingRate.resolve(options.rateHz(), selection.sensors(), new UpdateWatch());
        Sampler sampler = new Sampler(selection.sensors(), rate);
        sampler.start();
        WindowStats idle = null;
        if (options.idleSeconds() > 0) {
            try {
                idle = sampler.measureIdle(Duration.ofNanos(Math.round(options.idleSeconds() * 1e9)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (idle != null && !idle.valid()) {
                Say.once("energy: idle baseline invalid: " + idle.invalidReason() + "; aboveIdle metrics are omitted");
            }
        }
        StringBuilder what = new StringBuilder();
        for (Sensor s : selection.sensors()) {
            what.append(what.length() == 0 ? "" : ", ").append(s.readerId()).append(s.isEstimate() ? " (ESTIMATE)" : "")
                    .append(s.channels().stream().map(c -> c.name() + (c.inTotal() ? "" : "*")).toList());
        }
        Say.once(String.format(Locale.ROOT, "energy: sampling %s at %.0f Hz (%s; * = not in the total)%s", what,
                rate.hz(), rate.reason(), idle != null && idle.valid() ? String.format(Locale.ROOT,
                        "; idle %.3f W over %.1f s", idle.meanWatts(), idle.durationSeconds()) : ""));
        return new EnergySession(sampler, idle);
    }

    /** The idle baseline, or null without one. */
    WindowStats idle() {
        return idle != null && idle.valid() ? idle : null;
    }

    SamplingRate rate() {
        return sampler.rate();
    }

    /**
     * The window {@code [t0, t1]}, once samples cover {@code t1} (or a timeout of a few sensor updates passed); samples
     * before {@code t1} are then dropped.
     */
    WindowStats window(long t0, long t1) {
        try {
            sampler.awaitCoverage(t1, Duration.ofNanos(Math.max(50_000_000L, 3 * sampler.slowestUpdateNanos())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WindowStats w = sampler.window(t0, t1);
        sampler.discardBefore(t1);
        return w;
    }

    /** Stops the thread and closes the sensors. */
    @Override
    public void close() {
        sampler.close();
    }
}
