package org.vitwatt.bench.energy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.vitwatt.power.PowerConfigException;
import org.vitwatt.power.PowerOptions;
import org.vitwatt.power.PowerReaders;
import org.vitwatt.power.Sampler;
import org.vitwatt.power.SamplingRate;
import org.vitwatt.power.Sensor;
import org.vitwatt.power.UpdateWatch;
import org.vitwatt.power.WindowStats;
import org.vitwatt.power.state.StateChannel;
import org.vitwatt.power.state.StateProbe;
import org.vitwatt.power.state.StateWindow;

/**
 * One fork's sampling: the sensors opened, the rate chosen, the sampler started and the idle baseline measured, once,
 * before the first iteration; then a window per iteration; closed after the last measurement iteration. Says on
 * stderr (through {@link Say}) what it samples, at what rate and why, and why a sensor was skipped.
 */
final class EnergySession implements AutoCloseable {
    private final Sampler sampler;
    private final WindowStats idle;
    private final boolean power;

    private EnergySession(Sampler sampler, WindowStats idle, boolean power) {
        this.sampler = sampler;
        this.power = power;
        this.idle = idle;
    }

    /**
     * Opens and starts; null (after saying why once) when there is nothing to sample. {@code askedClocks} names the
     * clocks the benchmark locks ({@code -p gpuClock}, {@code -p cpuClock}), whose floor is then their reference.
     */
    static EnergySession start(PowerOptions options, Predicate<String> askedClocks) {
        PowerReaders.Selection selection;
        try {
            selection = PowerReaders.open(options);
        } catch (PowerConfigException e) {
            Say.once("energy: " + e.getMessage() + "; energy metrics are omitted, the run goes on");
            return null;
        }
        List<PowerReaders.Skipped> stateSkipped = new ArrayList<>();
        List<StateProbe> probes = PowerReaders.openState(options, stateSkipped);
        if (selection.isEmpty()) {
            StringBuilder why = new StringBuilder();
            for (PowerReaders.Skipped s : selection.skipped()) {
                why.append(why.length() == 0 ? "" : "; ").append(s);
            }
            Say.once("energy: no power sensor available here (" + why + "); energy metrics are omitted, the run goes "
                    + "on (-prof energy:help)");
            if (probes.isEmpty()) {
                return null;
            }
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
        Sampler sampler = new Sampler(selection.sensors(), probes, askedClocks, rate, System::nanoTime);
        sampler.start();
        if (!probes.isEmpty()) {
            Say.once("energy: device state every " + Sampler.STATE_INTERVAL_MILLIS + " ms: " + String.join(", ",
                    sampler.stateChannels().stream().filter(c -> c.kind() != StateChannel.Kind.FLOOR)
                            .map(StateChannel::name).toList()));
        }
        WindowStats idle = null;
        if (options.idleSeconds() > 0 && !selection.isEmpty()) {
            try {
                idle = sampler.measureIdle(Duration.ofNanos(Math.round(options.idleSeconds() * 1e9)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (idle != null && !idle.valid()) {
                Say.once("energy: idle baseline invalid: " + idle.invalidReason() + "; aboveIdle metrics are omitted");
            }
        }
        if (selection.isEmpty()) {
            return new EnergySession(sampler, null, false);
        }
        StringBuilder what = new StringBuilder();
        for (Sensor s : selection.sensors()) {
            what.append(what.length() == 0 ? "" : ", ").append(s.readerId()).append(s.isEstimate() ? " (ESTIMATE)" : "")
                    .append(s.channels().stream().map(c -> c.name() + (c.inTotal() ? "" : "*")).toList());
        }
        Say.once(String.format(Locale.ROOT, "energy: sampling %s at %.0f Hz (%s; * = not in the total)%s", what,
                rate.hz(), rate.reason(), idle != null && idle.valid() ? String.format(Locale.ROOT,
                        "; idle %.3f W over %.1f s", idle.meanWatts(), idle.durationSeconds()) : ""));
        return new EnergySession(sampler, idle, true);
    }

    /** Whether power sensors are sampled (else only device state is). */
    boolean measuresPower() {
        return power;
    }

    /** The device state over the window; call it before {@link #window}, which drops the samples before the end. */
    StateWindow state(long t0, long t1) {
        return sampler.state(t0, t1);
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
     * before {@code t1} are then dropped. Read {@link #state} first: it is dropped too.
     */
    WindowStats window(long t0, long t1) {
        try {
            if (power) {
                sampler.awaitCoverage(t1, Duration.ofNanos(Math.max(50_000_000L, 3 * sampler.slowestUpdateNanos())));
            }
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
