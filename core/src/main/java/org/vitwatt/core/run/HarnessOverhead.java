package org.vitwatt.core.run;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.vitwatt.core.BenchmarkSpec;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.data.ImageSet;
import org.vitwatt.core.precision.ModelVariant;
import org.vitwatt.feedback.VitwattException;

/**
 * What the harness itself costs per inference: the same call the timed loop makes ({@link InferenceSession#run()} on
 * prepared batches into a pinned output, result closed) timed from outside, against ONNX Runtime's own
 * {@code model_run} time for the same runs from its profiler. The difference is everything between the Java call and
 * ONNX Runtime's entry and exit: JNI, argument marshalling, the result object. Measured once per trial, on a second
 * session of the same variant with the profiler on, so the timed session never runs profiled.
 *
 * @param runs   inferences measured (after the warm-up runs)
 * @param wallMs mean wall time of one call, ms
 * @param ortMs  mean ONNX Runtime {@code model_run} time of the same calls, ms
 */
public record HarnessOverhead(int runs, double wallMs, double ortMs) {
    /** Warm-up runs whose times are dropped. */
    public static final int WARMUP = 3;

    /** Overhead in % of ONNX Runtime's own time. */
    public double overheadPct() {
        return (wallMs - ortMs) / ortMs * 100;
    }

    /**
     * Runs {@link #WARMUP} inferences of {@code variant} on a profiled session, then as many as fit in
     * {@code budgetMs} by the last warm-up's time (between {@code minRuns} and {@code maxRuns}), and compares the wall
     * time of each call with ONNX Runtime's {@code model_run}. The profiler's file is written under {@code workDir} and
     * deleted.
     */
    public static HarnessOverhead measure(SessionFactory factory, ModelRef model, ModelVariant variant,
            ProviderOptions options, ImageSet images, BenchmarkSpec spec, Path workDir, double budgetMs, int minRuns,
            int maxRuns) {
        Path dir;
        try {
            Files.createDirectories(workDir);
            dir = Files.createTempDirectory(workDir, "ort-profile");
        } catch (IOException e) {
            throw new VitwattException("cannot create a directory for ONNX Runtime's profile under " + workDir + ": "
                    + e.getMessage());
        }
        try {
            long[] wall;
            int runs;
            String profile;
            try (InferenceSession s = InferenceSession.open(factory.profilingInto(dir.resolve("run")), model, variant,
                    options, images, spec)) {
                long last = 0;
                for (int i = 0; i < WARMUP; i++) {
                    last = timed(s);
                }
                runs = (int) Math.max(minRuns, Math.min(maxRuns, Math.round(budgetMs * 1e6 / Math.max(last, 1))));
                wall = new long[runs];
                for (int i = 0; i < runs; i++) {
                    wall[i] = timed(s);
                }
                profile = s.session().endProfiling();
            }
            List<Long> ort = OrtProfile.modelRunMicros(Path.of(profile));
            if (ort.size() != WARMUP + runs) {
                throw new VitwattException("ONNX Runtime's profile " + profile + " holds " + ort.size()
                        + " model_run events for " + (WARMUP + runs) + " runs: overhead not measured");
            }
            double wallMs = 0;
            double ortMs = 0;
            for (int i = 0; i < runs; i++) {
                wallMs += wall[i] / 1e6;
                ortMs += ort.get(WARMUP + i) / 1e3;
            }
            return new HarnessOverhead(runs, wallMs / runs, ortMs / runs);
        } catch (OrtException | IOException e) {
            throw new VitwattException("measuring the harness overhead of " + model.id() + " failed: "
                    + e.getMessage(), e);
        } finally {
            deleteTree(dir);
        }
    }

    /** One call as the timed loop makes it, result closed, in ns. */
    private static long timed(InferenceSession s) throws OrtException {
        long t0 = System.nanoTime();
        try (OrtSession.Result r = s.run()) {
            return System.nanoTime() - t0;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover profile in vitwatt's cache is harmless
        }
    }
}
