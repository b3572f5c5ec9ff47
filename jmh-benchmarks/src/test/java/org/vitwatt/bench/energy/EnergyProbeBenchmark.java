package org.vitwatt.bench.energy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A tiny benchmark for testing the energy profiler: it burns CPU, and at the start of every iteration sets the power
 * of a fake INA3221 rail ({@code powerFile}, a {@code curr<N>_input} in mA at 5000 mV) so that the idle baseline
 * (measured before the first iteration) and the busy power differ by a known amount; it can also remove the fake
 * device at a chosen iteration, as a sensor vanishing mid-run. It marks its measured span ({@link IterationSpan}) unless
 * told not to, and can spend time in its trial setup and teardown, to test that those never fall inside a window.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EnergyProbeBenchmark {
    /** Images per operation, as vitwatt's InferenceBenchmark has it. */
    @Param("4")
    public int batch;

    /** The fake {@code curr<N>_input} to set at each iteration ("" = leave the tree alone). */
    @Param("")
    public String powerFile;

    /** The current to write there, mA. */
    @Param("2000")
    public long busyMilliamps;

    /** Remove every file of the fake device at the start of this iteration (1-based, warm-up included); 0 = never. */
    @Param("0")
    public int vanishAtIteration;

    /** Whether the benchmark marks its measured span for the profiler ({@link IterationSpan}). */
    @Param("true")
    public boolean marks;

    /**
     * A trial setup that takes this long (at {@link #setupMilliamps}) and a trial teardown that takes half as long, as
     * a model's loading and scoring would: neither may fall inside an energy window.
     */
    @Param("0")
    public int trialSetupMillis;

    /** The current during the trial setup, mA (0 = the busy current). */
    @Param("0")
    public long setupMilliamps;

    /** Lower the fake rail to the idle current for the iteration teardown (so a window that held it would show it). */
    @Param("0")
    public long teardownMilliamps;

    /**
     * A fake GPU devfreq {@code cur_freq} to drop in the middle of iteration {@link #dropAtIteration} and bring back in
     * its teardown ("" = none).
     */
    @Param("")
    public String clockFile;

    /** The iteration (1-based, warm-up included) in which the clock drops, {@code dropAfterMillis} after it starts. */
    @Param("0")
    public int dropAtIteration;

    @Param("150")
    public int dropAfterMillis;

    /** The clock while dropped, and otherwise, Hz. */
    @Param("612000000")
    public long droppedHz;

    @Param("1300500000")
    public long normalHz;

    private int iteration;

    @Setup(Level.Trial)
    public void setUpTrial() throws IOException, InterruptedException {
        if (trialSetupMillis > 0) {
            write(setupMilliamps > 0 ? setupMilliamps : busyMilliamps);
            Thread.sleep(trialSetupMillis);
        }
    }

    @Setup(Level.Iteration)
    public void setPower() throws IOException {
        iteration++;
        if (!powerFile.isEmpty()) {
            Path file = Path.of(powerFile);
            if (vanishAtIteration > 0 && iteration == vanishAtIteration) {
                try (Stream<Path> files = Files.list(file.getParent())) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            } else {
                write(busyMilliamps);
            }
        }
        if (!clockFile.isEmpty()) {
            writeValue(Path.of(clockFile), normalHz);
            if (iteration == dropAtIteration) {
                Thread drop = new Thread(() -> {
                    try {
                        Thread.sleep(dropAfterMillis);
                        writeValue(Path.of(clockFile), droppedHz);
                    } catch (InterruptedException | IOException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "clock-drop");
                drop.setDaemon(true);
                drop.start();
            }
        }
        if (marks) {
            IterationSpan.starts();
        }
    }

    private static void writeValue(Path file, long value) throws IOException {
        Files.writeString(file, value + "\n", StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    @TearDown(Level.Iteration)
    public void endIteration() throws IOException, InterruptedException {
        if (marks) {
            IterationSpan.ends();
        }
        if (teardownMilliamps > 0) {
            write(teardownMilliamps);
            Thread.sleep(100);
        }
        if (!clockFile.isEmpty() && iteration == dropAtIteration) {
            // the clock comes back between iterations; the state sampler (every 100 ms) sees it before the next
            writeValue(Path.of(clockFile), normalHz);
            Thread.sleep(150);
        }
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() throws InterruptedException {
        if (trialSetupMillis > 0) {
            Thread.sleep(trialSetupMillis / 2);
        }
    }

    /** One positional write, no truncation: a concurrent read never sees an empty file. */
    private void write(long milliamps) throws IOException {
        Path file = Path.of(powerFile);
        if (!powerFile.isEmpty() && Files.exists(file)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(String.format("%06d\n", milliamps).getBytes(StandardCharsets.US_ASCII)), 0);
            }
        }
    }

    @Benchmark
    public void work() {
        Blackhole.consumeCPU(20_000);
    }
}
