package org.vitwatt.bench.energy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.IterationType;
import org.vitwatt.power.PowerConfigException;
import org.vitwatt.power.PowerOptions;
import org.vitwatt.power.PowerReaders;
import org.vitwatt.power.WindowStats;
import org.vitwatt.power.state.StateWindow;
import org.vitwatt.results.Params;

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
 * <p>Options: {@link EnergyOptions}. Lifecycle (one instance per benchmark per fork): the first
 * {@code beforeIteration} starts the {@link EnergySession} (sensors, rate, idle baseline) before anything of the
 * benchmark runs; each iteration's window is the span the benchmark marks ({@link IterationSpan}: exactly JMH's
 * measured loop), or, for a benchmark that does not mark it, {@code [beforeIteration, afterIteration]}, in which case a
 * first measured iteration without warm-up (which holds JMH's trial setup) is invalid; after the last measurement
 * iteration the session closes. Figures: {@link EnergyFigures} for energy, {@link DeviceFigures} for the device state
 * the same sampler thread reads (clocks, temperatures, throttling; a throttled iteration is named in one line). Every
 * line it prints goes through {@link Say}.
 */
public final class EnergyProfiler implements InternalProfiler {
    private final PowerOptions options;

    private boolean started;
    private EnergySession session;
    private long windowStart;
    private int warmups;
    private int measurements;

    /** For {@code ServiceLoader} and {@code -lprof}: defaults, no sensor probing. */
    public EnergyProfiler() {
        this.options = PowerOptions.defaults();
    }

    /**
     * For {@code -prof energy:OPTIONS}. Parses and checks the options here ({@link EnergyOptions#check()}), so that a
     * mistake stops the run before any fork with one line; {@code help} throws the help text, JMH's convention for
     * profiler help.
     */
    public EnergyProfiler(String initLine) throws ProfilerException {
        try {
            EnergyOptions o = EnergyOptions.parse(initLine);
            if (o.help()) {
                throw new ProfilerException(help(o.power()));
            }
            o.check();
            this.options = o.power();
        } catch (PowerConfigException e) {
            throw new ProfilerException("energy: " + e.getMessage());
        }
    }

    static String help(PowerOptions options) {
        return "Usage: -prof \"energy:readers=ina3221,nvml;rails=VDD_GPU_SOC;rateHz=auto;idleSeconds=5\"\n"
                + PowerReaders.help(options)
                + "Metrics: energy.total, energy.aboveIdle (mJ/op); energy.perImage, energy.perImage.aboveIdle "
                + "(mJ/image, with a batch param);\n"
                + "         power.mean, power.peak, power.idle (W); energy.samples (#); energy.rateHz, "
                + "energy.targetRateHz (Hz);\n"
                + "         energy.total(reader/rail) (mJ/op), power.mean(reader/rail) (W), energy.inTotal(reader/rail),"
                + " energy.updateMs(reader);\n"
                + "         energy.validIterations, energy.invalid (counts); flags: energy.warning.shortWindow, "
                + "energy.estimate (= 1 when set)\n";
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
            session = EnergySession.start(options, askedClocks(benchmarkParams));
        }
        windowStart = System.nanoTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long end = System.nanoTime();
        boolean measurement = iterationParams.getType() == IterationType.MEASUREMENT;
        int number = measurement ? ++measurements : ++warmups;
        if (session == null) {
            return List.of();
        }
        Optional<long[]> span = IterationSpan.since(windowStart);
        long t0 = span.map(s -> s[0]).orElse(windowStart);
        long t1 = span.map(s -> s[1]).orElse(end);
        String invalid = null;
        if (span.isEmpty()) {
            Say.once("unmarked", "energy: " + benchmarkParams.getBenchmark() + " does not mark its measured span "
                    + "(IterationSpan.starts/ends in its @Setup/@TearDown(Level.Iteration)): each window is JMH's whole "
                    + "iteration, its iteration setup and teardown included");
            if (measurement && number == 1 && warmups == 0) {
                invalid = "the first measurement iteration holds JMH's trial setup (no warm-up iteration and the "
                        + "benchmark does not mark its measured span): add a warm-up iteration (-wi 1)";
            }
        }
        StateWindow state = session.state(t0, t1);
        WindowStats w = session.window(t0, t1);
        String what = (measurement ? "measurement" : "warm-up") + " iteration " + number;
        List<Result> out = new ArrayList<>();
        if (session.measuresPower()) {
            long ops = result.getMetadata() == null ? 0 : result.getMetadata().getAllOps();
            // energy over exactly the time JMH measured: the marked span's mean power times that time
            double seconds = span.isPresent() ? MeasuredTime.seconds(result, benchmarkParams).orElse(Double.NaN)
                    : Double.NaN;
            EnergyFigures.Figures f = EnergyFigures.of(w, session.idle(), ops, batch(benchmarkParams), session.rate(),
                    invalid, seconds);
            if (f.invalid() != null) {
                Say.once("invalid:" + f.invalid().replaceAll("[0-9.]+ ms", ""), "energy: " + what + ": energy invalid, "
                        + "its energy and power figures are left out: " + f.invalid());
            }
            if (w.isShort()) {
                Say.once("short", String.format(Locale.ROOT, "energy: iterations of %.1f ms span only %.1f sensor "
                        + "updates (< %d): energy.warning.shortWindow; use longer iterations (-r)",
                        w.durationSeconds() * 1e3, w.sensorUpdates(), WindowStats.MIN_UPDATES));
            }
            out.addAll(f.results());
        }
        out.addAll(DeviceFigures.of(state));
        if (state.throttledFraction() > 0) {
            Say.once("throttled:" + what, String.format(Locale.ROOT, "energy: %s of %s: throttled %.0f %% of the "
                    + "time: %s (device.throttled)", what, benchmarkParams.getBenchmark(),
                    100 * state.throttledFraction(), state.firstThrottle()));
        }
        if (measurement && measurements >= benchmarkParams.getMeasurement().getCount()) {
            session.close();
            session = null;
        }
        return out;
    }

    /**
     * The clocks the benchmark locks: {@code gpu} when it has a {@code gpuClock} parameter other than
     * {@code default}, the CPU clusters ({@code cpu*}) likewise for {@code cpuClock}.
     */
    static Predicate<String> askedClocks(BenchmarkParams params) {
        boolean gpu = asks(params, Params.GPU_CLOCK);
        boolean cpu = asks(params, Params.CPU_CLOCK);
        return name -> gpu && name.equals("gpu") || cpu && name.startsWith("cpu");
    }

    private static boolean asks(BenchmarkParams params, String name) {
        return params.getParamsKeys().contains(name)
                && !params.getParam(name).trim().equalsIgnoreCase(Params.DEFAULT_CLOCK);
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
}
