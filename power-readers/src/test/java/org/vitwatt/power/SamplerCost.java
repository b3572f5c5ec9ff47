package org.vitwatt.power;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.vitwatt.power.jetson.Ina3221Reader;

/**
 * A JMH-free measurement of the sampler itself: for a fake hwmon INA3221 tree (one rail = two {@code pread}s per
 * sample, and three rails = six), run the real sampling thread at increasing rates and print the achieved rate, the
 * missed deadlines and the sampler thread's CPU time per sample and as a share of one core. The goal is &ge; 1 kHz at
 * &le; 1 % of one core.
 *
 * <p>Run: {@code mvn -o -q -pl power-readers test-compile} then
 * {@code java -cp power-readers/target/classes:power-readers/target/test-classes:$(cat cp.txt) org.vitwatt.power.SamplerCost [seconds]}
 * (see docs/power.md). The fake tree lives in the temp directory; real sysfs reads cost more (an INA3221 hwmon read
 * may wait for a fresh conversion), so on a Jetson measure there too.
 */
public final class SamplerCost {
    private SamplerCost() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        Path root = Files.createTempDirectory("vitwatt-sampler-cost");
        try {
            FakeSysfs fs = new FakeSysfs(root);
            Path hw = fs.hwmonDevice("1-0040", 0, 1);
            fs.hwmonRail(hw, 1, "VDD_IN", 5000, 1000);
            fs.hwmonRail(hw, 2, "VDD_CPU_GPU_CV", 5000, 400);
            fs.hwmonRail(hw, 3, "VDD_SOC", 5000, 200);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            mx.setThreadCpuTimeEnabled(true);
            System.out.printf("fake hwmon INA3221 tree in %s; %d CPUs; %s %s%n", root,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"));
            // 1. the sampler's own work per sample: tick() in a loop on this thread, no waiting
            for (String rails : List.of("VDD_IN", "VDD_IN,VDD_CPU_GPU_CV,VDD_SOC")) {
                Sensor sensor = new Ina3221Reader().open(PowerOptions.parse("sysfs=" + root + ";rails=" + rails));
                try (Sampler s = new Sampler(List.of(sensor), PowerOptions.MAX_RATE_HZ)) {
                    long end = System.nanoTime() + 500_000_000L; // warm-up
                    while (System.nanoTime() < end) {
                        s.tick();
                        if (s.totalSamples() % 50_000 == 0) {
                            s.discardBefore(s.lastSampleNanos());
                        }
                    }
                    long c0 = mx.getCurrentThreadCpuTime();
                    long k0 = s.totalSamples();
                    end = System.nanoTime() + (long) (seconds * 1e9);
                    while (System.nanoTime() < end) {
                        s.tick();
                        if (s.totalSamples() % 50_000 == 0) {
                            s.discardBefore(s.lastSampleNanos());
                        }
                    }
                    long ticks = s.totalSamples() - k0;
                    System.out.printf("sampler work per sample, %d rail(s) (%d preads): %.2f us CPU (tick() back to back,"
                            + " %d samples)%n", rails.split(",").length, 2 * rails.split(",").length,
                            (mx.getCurrentThreadCpuTime() - c0) / 1e3 / ticks, ticks);
                }
            }
            // 2. what waking up costs on this machine: an empty deadline loop with LockSupport.parkNanos at 1 kHz
            {
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                long next = t0;
                int wakeups = 0;
                while (System.nanoTime() - t0 < (long) (seconds * 1e9)) {
                    next += 1_000_000L;
                    long rem;
                    while ((rem = next - System.nanoTime()) > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(rem);
                    }
                    wakeups++;
                }
                double us = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / wakeups;
                System.out.printf("an empty parkNanos deadline loop at 1 kHz costs %.2f us CPU per wake-up (%.2f %% of a"
                        + " core): the floor under any sampler that wakes per sample%n", us, us / 10);
            }
            // 3. the real sampling thread at increasing rates
            System.out.printf("%-8s %8s %9s %8s %8s %10s %9s %10s%n", "rails", "rateHz", "achieved", "ratio",
                    "missed%", "gaps>2T", "cpu%core", "us/sample");
            for (String rails : List.of("VDD_IN", "VDD_IN,VDD_CPU_GPU_CV,VDD_SOC")) {
                double best = 0;
                for (double rate : new double[] {100, 1000, 2000, 5000, 10000, 20000, 50000}) {
                    Sensor sensor = new Ina3221Reader().open(PowerOptions.parse("sysfs=" + root + ";rails=" + rails));
                    try (Sampler s = new Sampler(List.of(sensor), rate)) {
                        s.start();
                        Thread th = s.thread();
                        long cpu0 = mx.getThreadCpuTime(th.getId());
                        long n0 = s.totalSamples();
                        long m0 = s.missedDeadlines();
                        long t0 = System.nanoTime();
                        Thread.sleep((long) (seconds * 1000));
                        long t1 = System.nanoTime();
                        long cpu1 = mx.getThreadCpuTime(th.getId());
                        long n1 = s.totalSamples();
                        long m1 = s.missedDeadlines();
                        s.awaitCoverage(t1, java.time.Duration.ofMillis(100));
                        WindowStats w = s.window(t0, t1);
                        s.stop();
                        long samples = n1 - n0;
                        double wall = (t1 - t0) / 1e9;
                        double achieved = samples / wall;
                        double missedPct = 100.0 * (m1 - m0) / Math.max(1, samples + (m1 - m0));
                        double cpuPct = 100.0 * (cpu1 - cpu0) / (t1 - t0);
                        double usPerSample = (cpu1 - cpu0) / 1e3 / Math.max(1, samples);
                        System.out.printf("%-8d %8.0f %9.0f %8.3f %8.2f %10d %9.2f %10.2f%n",
                                rails.split(",").length, rate, achieved, achieved / rate, missedPct, w.gaps(), cpuPct,
                                usPerSample);
                        if (achieved >= 0.99 * rate && missedPct < 1.0) {
                            best = rate;
                        }
                    }
                }
                System.out.printf("=> %d rail(s): highest sustainable rate (>= 99 %% achieved, < 1 %% missed): %.0f Hz%n",
                        rails.split(",").length, best);
            }
        } finally {
            FakeSysfs.closeAll();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
