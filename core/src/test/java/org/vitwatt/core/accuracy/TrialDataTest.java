package org.vitwatt.core.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.data.DatasetSpec;
import org.vitwatt.core.data.SyntheticImages;
import org.vitwatt.core.data.TestData;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.store.ModelStore;

class TrialDataTest {
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

    @TempDir
    Path tmp;

    private ModelRef model(int classes) {
        return ModelRef.resolve(new ModelStore(Catalog.standard(), List.of(), tmp.resolve("mc")),
                TestModels.nearestRed(tmp.resolve("m" + classes + "/m.onnx"), classes, 8, 0).toString(), ORT, s -> { });
    }

    private DatasetSpec cifar(int n) {
        int[] labels = new int[n];
        int[][] rgb = new int[n][];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            rgb[i] = new int[] {TestModels.redFor(i % 10, 10), 0, 0};
        }
        TestData.cifarSolid(tmp.resolve("c/test_batch.bin"), labels, rgb);
        return DatasetSpec.parse("cifar10:" + tmp.resolve("c"));
    }

    @Test
    void limitParsing() {
        assertEquals(-1, TrialData.parseLimit("all"));
        assertEquals(0, TrialData.parseLimit("0"));
        assertEquals(500, TrialData.parseLimit(" 500 "));
        assertEquals("-p accuracyLimit=lots is not 'all', 0 (skip) or a number of images",
                assertThrows(VitwattException.class, () -> TrialData.parseLimit("lots")).getMessage());
        assertEquals("-p accuracyLimit=-5 is not 'all', 0 (skip) or a number of images",
                assertThrows(VitwattException.class, () -> TrialData.parseLimit("-5")).getMessage());
    }

    @Test
    void scoresTheLimitOnceThroughTheSession() throws Exception {
        ModelRef m = model(10);
        DatasetSpec d = cifar(40);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (TrialData t = TrialData.load(d, m, 4, "all", 16, tmp.resolve("cache"), s -> { });
                OrtSession s = env.createSession(m.resolved().file().toString())) {
            assertEquals(40, t.images().count());
            AccuracyResult r = t.score(s, env, m, 4, d.toString(), x -> { }).result().orElseThrow();
            assertEquals(40, r.images());
            assertEquals(100.0, r.top1Percent());
        }
        try (TrialData t = TrialData.load(d, m, 4, "10", 16, tmp.resolve("cache"), s -> { });
                OrtSession s = env.createSession(m.resolved().file().toString())) {
            assertEquals(10, t.images().count(), "10 images evenly spaced");
            assertEquals(10, t.score(s, env, m, 4, d.toString(), x -> { }).result().orElseThrow().images());
        }
        try (TrialData t = TrialData.load(d, m, 2, "0", 16, tmp.resolve("cache"), s -> { })) {
            assertEquals(32, t.images().count(), "skipped: only the 16 timed batches");
            assertEquals("accuracy skipped (-p accuracyLimit=0)",
                    t.score(null, null, m, 2, d.toString(), x -> { }).notAvailable().get());
        }
    }

    @Test
    void notAvailableBeforeRunningLoadsOnlyTheTimedBatches() {
        ModelRef m = model(1000);
        try (TrialData t = TrialData.load(cifar(40), m, 1, "all", 16, tmp.resolve("cache"), s -> { })) {
            assertEquals(16, t.images().count());
            assertInstanceOf(AccuracyPlan.NotAvailable.class, t.plan());
            assertTrue(t.score(null, null, m, 1, "c", x -> { }).notAvailable().get().contains("head of 1000"));
        }
    }

    @Test
    void syntheticDataAsBefore() {
        ModelRef m = model(10);
        try (TrialData t = TrialData.load(DatasetSpec.SYNTHETIC, m, 2, "all", 16, tmp.resolve("cache"), s -> { })) {
            assertInstanceOf(SyntheticImages.class, t.images());
            assertEquals(SyntheticImages.DEFAULT_COUNT, t.images().count());
            assertTrue(t.score(null, null, m, 2, "synthetic", x -> { }).notAvailable().get().contains("no labels"));
        }
    }

    @Test
    void datasetSmallerThanTheBatchStopsTheTrial() {
        ModelRef m = model(10);
        VitwattException e = assertThrows(VitwattException.class,
                () -> TrialData.load(cifar(3), m, 4, "all", 16, tmp.resolve("cache"), s -> { }));
        assertTrue(e.getMessage().endsWith("has 3 images, fewer than -p batch=4: lower the batch or use a larger "
                + "dataset"), e.getMessage());
    }
}
