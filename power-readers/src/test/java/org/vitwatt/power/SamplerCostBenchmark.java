package org.vitwatt.power;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.vitwatt.power.jetson.Ina3221Reader;
import org.vitwatt.power.jetson.JetsonStateProbe;
import org.vitwatt.power.state.StateProbe;

/**
 * What the sampler costs the machine it measures, on fake INA3221 trees laid out as the drivers lay them out (docs/power.md,
 * "Measured cost of the sampler", says how to run it and what it measured):
 * <ul>
 *   <li>{@code tick}: the sampler's own work per sample ({@link Sampler#tick()} back to back on the benchmark thread,
 *       no waiting): reads, stamps, health, timeline;</li>
 *   <li>{@code sampling}: the real sampling thread at {@code rateHz} ({@code auto} = what {@link SamplingRate} picks
 *       for the tree) while the benchmark thread sleeps 100 ms per operation; the sampler thread's own CPU time
 *       ({@link ThreadMXBean#getThreadCpuTime}) is reported by {@link SamplerThreadCpu} as {@code cpuPercentOfCore} and
 *       {@code cpuMicrosPerSample};
 *       {@code thread=empty} is the same deadlines with nothing done on them, the floor under any sampler that wakes
 *       once per sample; {@code load=busy} keeps every CPU busy meanwhile, as inference does;
 *       {@code deviceState=on} adds a fake AGX Orin's clocks and temperatures, read every 100 ms.</li>
 * </ul>
 * The fake hwmon tree says {@code update_interval} 7 ms (the driver's power-on configuration 0x7127, 6.6 ms rounded); the
 * fake iio tree runs continuously and never changes, so {@code auto} falls back to its documented 422.4 ms and the
 * 10 Hz floor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 4)
@Fork(1)
public class SamplerCostBenchmark {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /** A fake tree with {@code rails} rails in one {@code layout}. */
    @State(Scope.Benchmark)
    public static class Tree {
        @Param({"hwmon", "iio"})
        public String layout;
        @Param({"1"})
        public int rails;

        Path root;

        @Setup(Level.Trial)
        public void build() throws IOException {
            root = Files.createTempDirectory("vitwatt-sampler-cost");
            FakeSysfs fs = new FakeSysfs(root);
            String[] names = {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"};
            if (layout.equals("hwmon")) {
                Path hw = fs.hwmonDevice("1-0040", 0, 7);
                for (int c = 0; c < rails; c++) {
                    fs.hwmonRail(hw, c + 1, names[c], 5000, 1000 - 300 * c);
                }
            } else {
                Path d = fs.iioDevice("0-0041", 1);
                FakeSysfs.write(d.resolve("running_mode"), "1");
                for (int c = 0; c < rails; c++) {
                    fs.iioRail(d, c, names[c], 5000 - 1500 * c);
                }
            }
        }

        Sensor open() {
            try {
                return new Ina3221Reader().open(PowerOptions.parse("sysfs=" + root));
            } catch (SensorException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        @TearDown(Level.Trial)
        public void delete() throws IOException {
            FakeSysfs.closeAll();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A sampler on the tree that the benchmark thread ticks itself. */
    @State(Scope.Benchmark)
    public static class Ticked {
        Sampler sampler;
        long ticks;

        @Setup(Level.Trial)
        public void open(Tree tree) {
            sampler = new Sampler(List.of(tree.open()), PowerOptions.MAX_RATE_HZ);
        }

        @TearDown(Level.Trial)
        public void close() {
            sampler.close();
        }
    }

    /** The sampler's own work per sample. */
    @Benchmark
    public void tick(Ticked t) {
        t.sampler.tick();
        if (++t.ticks % 10_000 == 0) {
            t.sampler.discardBefore(t.sampler.lastSampleNanos());
        }
    }

    /** The sampling thread (or an empty one on the same deadlines) at a rate, with the CPUs idle or busy. */
    @State(Scope.Benchmark)
    public static class Running {
        @Param({"auto", "100", "1000"})
        public String rateHz;
        @Param({"sampler", "empty"})
        public String thread;
        @Param({"idle", "busy"})
        public String load;
        /** {@code on}: the sampler also reads a fake AGX Orin's device state (14 files) every 100 ms. */
        @Param({"off"})
        public String deviceState;

        Sampler sampler;
        EmptyLoop empty;
        Thread measured;
        double hz;
        final List<Thread> burners = new ArrayList<>();
        volatile boolean burning;

        /** What the measured thread cost over the last iteration that ended, for {@link SamplerThreadCpu}. */
        static volatile IterationCost last;
        private long cpu0;
        private long wall0;
        private long samples0;

        @Setup(Level.Trial)
        public void start(Tree tree) {
            Sensor sensor = tree.open();
            if (rateHz.equals("auto")) {
                SamplingRate rate = SamplingRate.resolve(OptionalDouble.empty(), List.of(sensor), new UpdateWatch());
                hz = rate.hz();
                System.out.println("rate " + hz + " Hz: " + rate.reason());
            } else {
                hz = Double.parseDouble(rateHz);
            }
            if (thread.equals("sampler")) {
                List<StateProbe> probes = new ArrayList<>();
                if (deviceState.equals("on")) {
                    JetsonTrees.orin(tree.root.resolve("orin"));
                    probes.add(JetsonStateProbe.open(tree.root.resolve("orin")).orElseThrow());
                }
                sampler = new Sampler(List.of(sensor), probes, name -> false, SamplingRate.forced(hz, List.of(sensor)),
                        System::nanoTime);
                sampler.start();
                measured = sampler.thread();
            } else {
                sensor.close();
                empty = new EmptyLoop(Math.round(1e9 / hz));
                measured = empty.start();
            }
            if (load.equals("busy")) {
                burning = true;
                for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                    Thread b = new Thread(() -> {
                        long x = 0;
                        while (burning) {
                            x++;
                        }
                        if (x == 42) {
                            System.out.print("");
                        }
                    }, "busy-" + i);
                    b.setDaemon(true);
                    b.start();
                    burners.add(b);
                }
            }
        }

        long samples() {
            return sampler != null ? sampler.totalSamples() : empty.wakeups;
        }

        /** The measured thread's CPU time, the wall clock and the samples when an iteration starts. */
        @Setup(Level.Iteration)
        public void mark() {
            cpu0 = MX.getThreadCpuTime(measured.getId());
            samples0 = samples();
            wall0 = System.nanoTime();
        }

        /**
         * What the iteration cost, taken in its own teardown: JMH tears the trial down (and stops the thread) before
         * profilers see the last iteration end.
         */
        @TearDown(Level.Iteration)
        public void measure() {
            last = new IterationCost(MX.getThreadCpuTime(measured.getId()) - cpu0, System.nanoTime() - wall0,
                    samples() - samples0);
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            burning = false;
            for (Thread b : burners) {
                b.join();
            }
            if (sampler != null) {
                sampler.close();
            } else {
                empty.stop();
            }
        }
    }

    /** The measured thread's CPU time, the wall time and the samples taken over one iteration, ns. */
    record IterationCost(long cpuNanos, long wallNanos, long samples) {
    }

    /** 100 ms of sampling while this thread sleeps; {@link SamplerThreadCpu} reports what the sampling thread cost. */
    @Benchmark
    public void sampling(Running r) throws InterruptedException {
        Thread.sleep(100);
    }

    /** Runs these benchmarks as {@code org.openjdk.jmh.Main} would, with {@link SamplerThreadCpu}; JMH options apply. */
    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        ChainedOptionsBuilder b = new OptionsBuilder().parent(cli).addProfiler(SamplerThreadCpu.class);
        if (cli.getIncludes().isEmpty()) {
            b.include(SamplerCostBenchmark.class.getName());
        }
        new Runner(b.build()).run();
    }

    /** A thread that wakes on the sampler's deadlines and does nothing. */
    static final class EmptyLoop {
        private final long period;
        private volatile boolean running = true;
        private Thread thread;
        volatile long wakeups;

        EmptyLoop(long period) {
            this.period = period;
        }

        Thread start() {
            thread = new Thread(() -> {
                Deadlines d = new Deadlines(period);
                d.start(System.nanoTime());
                while (running) {
                    wakeups++;
                    long next = d.advance(System.nanoTime());
                    long rem;
                    while (running && (rem = next - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(rem);
                    }
                }
            }, "empty-deadlines");
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        void stop() throws InterruptedException {
            running = false;
            LockSupport.unpark(thread);
            thread.join();
        }
    }
}
