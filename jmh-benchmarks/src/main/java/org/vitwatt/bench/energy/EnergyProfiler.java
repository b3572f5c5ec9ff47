package org.vitwatt.bench.energy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.IterationType;
import org.vitwatt.bench.JmhResults;
import org.vitwatt.results.Metric;
import org.vitwatt.results.Metrics;
import org.vitwatt.results.Params;
import org.vitwatt.power.PowerConfigException;
import org.vitwatt.power.PowerOptions;
import org.vitwatt.power.PowerReaders;
import org.vitwatt.power.Sampler;
import org.vitwatt.power.Sensor;
import org.vitwatt.power.WindowStats;

/**
 * JMH profiler {@code energy}: samples the machine's power sensors ({@code org.vitwatt.power}) while the benchmark
 * runs and adds energy per operation, power and sampling figures to every iteration's secondary results.
 *
 * <p>JMH 1.37 resolves {@code -prof NAME} as a built-in short name, else as the canonical class name of a profiler
 * registered in {@code META-INF/services/org.openjdk.jmh.profile.Profiler} (this class is), else by
 * {@code Class.forName} ({@code ProfilerFactory.getProfiler}); the short name {@code energy} is expanded to this class
 * by vitwatt's {@code Main} ({@code -prof energy:opts}). With JMH's own launcher or the Runner API use
 * {@code -prof org.vitwatt.bench.energy.EnergyProfiler:opts} / {@code addProfiler(EnergyProfiler.class, opts)}.
 *
 * <p>Options ({@code key=value;...}): those of {@link PowerOptions} ({@code readers, rails, rateHz, idleSeconds, sysfs,
 * nvmlLib, gpu, tdp}); {@code help} lists the readers and why each is or is not available here.
 *
 * <p>Lifecycle (one instance per benchmark per fork): the first {@code beforeIteration} opens the sensors, starts the
 * sampler and measures the idle baseline for {@code idleSeconds} before the first iteration runs (the benchmark's trial
 * setup has not started its workers yet); each iteration's window is {@code [beforeIteration, afterIteration]}; after
 * the last measurement iteration the sampler stops and the sensors are closed.
 *
 * <p>Metrics (ScalarResult, {@link AggregationPolicy#AVG} over iterations): {@code energy.total} and
 * {@code energy.aboveIdle} (mJ/op, op = what JMH counted: {@code IterationResultMetaData.getAllOps}),
 * {@code energy.perImage} and {@code energy.perImage.aboveIdle} (mJ/image, when the benchmark has a {@code batch}
 * parameter), {@code power.mean}, {@code power.peak}, {@code power.idle} (W), {@code energy.samples} (#),
 * {@code energy.rateHz} (Hz), and per reader and channel {@code energy.total(reader/channel)} (mJ/op) and
 * {@code power.mean(reader/channel)} (W) (family labels of the results vocabulary, {@link Metric}). An invalid window
 * (a sensor vanished) omits every energy and power metric and
 * adds {@code energy.invalid} = 1 (the reason is printed once); a window shorter than about ten sensor updates adds
 * {@code energy.warning.shortWindow} = 1; a total that includes the {@code cpu-estimate} adds {@code energy.estimate}
 * = 1. With no sensor at all the profiler says so once and adds nothing.
 */
public final class EnergyProfiler implements InternalProfiler {
    /** Lines already printed in this JVM (one fork), so that each reason appears once. */
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private final PowerOptions options;

    private boolean started;
    private boolean disabled;
    private PowerReaders.Selection selection;
    private Sampler sampler;
    private WindowStats idle;
    private long windowStart;
    private int measurementsDone;

    /** For {@link java.util.ServiceLoader} and {@code -lprof}: defaults, no sensor probing. */
    public EnergyProfiler() {
        this.options = PowerOptions.defaults();
    }

    /**
     * For {@code -prof energy:OPTIONS}. Parses and checks the options here, so that a mistake stops the run before any
     * fork with one line; {@code help} throws the help text, JMH's convention for profiler help.
     */
    public EnergyProfiler(String initLine) throws ProfilerException {
        String line = initLine == null ? "" : initLine.trim();
        boolean help = false;
        StringBuilder rest = new StringBuilder();
        for (String part : line.split(";")) {
            if (part.trim().equalsIgnoreCase("help")) {
                help = true;
            } else if (!part.isBlank()) {
                rest.append(rest.length() == 0 ? "" : ";").append(part.trim());
            }
        }
        try {
            this.options = PowerOptions.parse(rest.toString());
            if (help) {
                throw new ProfilerException(help(options));
            }
            for (String id : options.readers()) {
                PowerReaders.byId(id);
            }
            if (options.readers().stream().anyMatch(id -> id.equalsIgnoreCase("cpu-estimate"))
                    && options.tdp().isEmpty()) {
                throw new PowerConfigException("The cpu-estimate reader needs the CPU's TDP in watts: add tdp=W "
                        + "(e.g. tdp=65)");
            }
            if (!options.rails().isEmpty()) {
                // rails are only known once the sensors are found: check them now, before any fork starts
                PowerReaders.open(options).close();
            }
        } catch (PowerConfigException e) {
            throw new ProfilerException("energy: " + e.getMessage());
        }
    }

    static String help(PowerOptions options) {
        return "Usage: -prof \"energy:readers=ina3221,nvml;rails=VDD_GPU_SOC;rateHz=1000;idleSeconds=5\"\n"
                + PowerReaders.help(options)
                + "Metrics: energy.total, energy.aboveIdle (mJ/op); energy.perImage, energy.perImage.aboveIdle "
                + "(mJ/image, with a batch param);\n"
                + "         power.mean, power.peak, power.idle (W); energy.samples (#); energy.rateHz (Hz);\n"
                + "         energy.total(reader/rail) (mJ/op), power.mean(reader/rail) (W);\n"
                + "         flags: energy.invalid, energy.warning.shortWindow, energy.estimate (= 1 when set)\n";
    }

    @Override
    public String getDescription() {
        return "Energy per operation from power sensors (Jetson INA3221, NVML, RAPL, CPU estimate); "
                + "-prof energy:help lists them";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        if (!started) {
            started = true;
            start();
        }
        if (sampler != null && sampler.thread() == null) {
            sampler.start(); // restarted after the last measurement iteration (should not happen in JMH)
        }
        windowStart = System.nanoTime();
    }

    private void start() {
        try {
            selection = PowerReaders.open(options);
        } catch (PowerConfigException e) {
            say("energy: " + e.getMessage() + "; energy metrics are omitted, the run goes on");
            disabled = true;
            return;
        }
        if (selection.isEmpty()) {
            StringBuilder why = new StringBuilder();
            for (PowerReaders.Skipped s : selection.skipped()) {
                why.append(why.length() == 0 ? "" : "; ").append(s);
            }
            say("energy: no power sensor available here (" + why + "); energy metrics are omitted, the run goes on "
                    + "(-prof energy:help)");
            disabled = true;
            return;
        }
        if (!selection.automatic()) {
            for (PowerReaders.Skipped s : selection.skipped()) {
                say("energy: skipped " + s);
            }
        }
        sampler = new Sampler(selection.sensors(), options.rateHz());
        sampler.start();
        StringBuilder what = new StringBuilder();
        for (Sensor s : selection.sensors()) {
            what.append(what.length() == 0 ? "" : ", ").append(s.readerId()).append(s.isEstimate() ? " (ESTIMATE)" : "")
                    .append(s.channels().stream().map(c -> c.name() + (c.inTotal() ? "" : "*")).toList());
        }
        if (options.idleSeconds() > 0) {
            try {
                idle = sampler.measureIdle(Duration.ofNanos(Math.round(options.idleSeconds() * 1e9)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (idle != null && !idle.valid()) {
                say("energy: idle baseline invalid: " + idle.invalidReason() + "; aboveIdle metrics are omitted");
            }
        }
        say(String.format(Locale.ROOT, "energy: sampling %s at %.0f Hz (* = not in the total)%s", what,
                options.rateHz(), idle != null && idle.valid() ? String.format(Locale.ROOT,
                        "; idle %.3f W over %.1f s", idle.meanWatts(), idle.durationSeconds()) : ""));
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long end = System.nanoTime();
        List<Result> out = new ArrayList<>();
        if (disabled || sampler == null) {
            return out;
        }
        try {
            sampler.awaitCoverage(end, Duration.ofNanos(Math.max(50_000_000L, 3 * sampler.slowestUpdateNanos())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WindowStats w = sampler.window(windowStart, end);
        sampler.discardBefore(end);
        out.add(JmhResults.of(Metrics.ENERGY_SAMPLES, w.samples()));
        out.add(JmhResults.of(Metrics.ENERGY_RATE_HZ, w.effectiveRateHz()));
        long ops = result.getMetadata() == null ? 0 : result.getMetadata().getAllOps();
        if (!w.valid() || ops <= 0) {
            String why = !w.valid() ? w.invalidReason() : "JMH counted no operations in the iteration";
            say("invalid:" + why.replaceAll("[0-9.]+ ms", ""), "energy: iteration energy invalid, its energy metrics "
                    + "are omitted: " + why);
            out.add(JmhResults.of(Metrics.ENERGY_INVALID, 1));
        } else {
            double perOp = w.energyJoules() * 1000.0 / ops;
            out.add(JmhResults.of(Metrics.ENERGY_TOTAL, perOp));
            boolean haveIdle = idle != null && idle.valid();
            double aboveIdle = haveIdle ? w.energyAboveIdleJoules(idle.meanWatts()) * 1000.0 / ops : Double.NaN;
            if (haveIdle) {
                out.add(JmhResults.of(Metrics.ENERGY_ABOVE_IDLE, aboveIdle));
            }
            int batch = batch(benchmarkParams);
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
                out.add(JmhResults.of(Metrics.ENERGY_TOTAL_RAIL, c.key(), c.energyJoules() * 1000.0 / ops));
                out.add(JmhResults.of(Metrics.POWER_MEAN_RAIL, c.key(), c.meanWatts()));
            }
            if (w.estimate()) {
                out.add(JmhResults.of(Metrics.ENERGY_ESTIMATE, 1));
            }
        }
        if (w.isShort()) {
            say("short", String.format(Locale.ROOT, "energy: iterations of %.1f ms span only %.1f sensor updates (< %d): "
                    + "energy.warning.shortWindow; use longer iterations (-r)", w.durationSeconds() * 1e3,
                    w.sensorUpdates(), WindowStats.MIN_UPDATES));
            out.add(JmhResults.of(Metrics.ENERGY_SHORT_WINDOW, 1));
        }
        if (iterationParams.getType() == IterationType.MEASUREMENT
                && ++measurementsDone >= benchmarkParams.getMeasurement().getCount()) {
            stop();
        }
        return out;
    }

    private void stop() {
        if (sampler != null) {
            sampler.close(); // stops the thread and closes the sensors
        }
        sampler = null;
        disabled = true;
    }

    /** The {@code batch} parameter when the benchmark has one and it is a positive integer, else 0. */
    static int batch(BenchmarkParams params) {
        if (!params.getParamsKeys().contains(Params.BATCH)) {
            return 0;
        }
        try {
            int b = Integer.parseInt(params.getParam(Params.BATCH).trim());
            return Math.max(0, b);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Prints a line on stderr once per JVM: this is the profiler (an application edge), not library code. */
    private static void say(String line) {
        say(line, line);
    }

    /** Prints {@code line} unless a line with the same {@code key} was printed in this JVM. */
    private static void say(String key, String line) {
        if (SAID.add(key)) {
            System.err.println(line);
        }
    }
}
