package org.vitwatt.core.accuracy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.core.ModelRef;
import org.vitwatt.core.data.DatasetIndex;
import org.vitwatt.core.data.DatasetSpec;
import org.vitwatt.core.data.Datasets;
import org.vitwatt.core.data.ImageNetClasses;
import org.vitwatt.core.data.ImagePipeline;
import org.vitwatt.core.data.ImageSet;
import org.vitwatt.core.data.TestData;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.store.ModelStore;

class EvaluatorTest {
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

    @TempDir
    Path tmp;

    static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private ModelRef model(Path file) {
        return ModelRef.resolve(new ModelStore(Catalog.standard(), List.of(), tmp.resolve("models-cache")),
                file.toString(), ORT, s -> { });
    }

    /**
     * Eight CIFAR-10 records of one colour each. The 10-class model predicts round(9·red/255) and ranks the
     * rest by distance, so by hand:
     * records 0..5: red of class i, label i → top-1 hit;
     * record 6: red 255 (class 9), label 7 → top-1 9 (miss), top-5 {9, 8, 7, 6, 5} (hit);
     * record 7: red 0 (class 0), label 9 → top-1 0 (miss), top-5 {0, 1, 2, 3, 4} (miss).
     * top-1 = 6/8 = 75 %, top-5 = 7/8 = 87.5 %.
     */
    private DatasetIndex cifar() {
        int[] labels = {0, 1, 2, 3, 4, 5, 7, 9};
        int[] classOfColour = {0, 1, 2, 3, 4, 5, 9, 0};
        int[][] rgb = new int[8][];
        for (int i = 0; i < 8; i++) {
            rgb[i] = new int[] {TestModels.redFor(classOfColour[i], 10), 77, 200};
        }
        TestData.cifarSolid(tmp.resolve("cifar/test_batch.bin"), labels, rgb);
        return Datasets.index(DatasetSpec.parse("cifar10:" + tmp.resolve("cifar")), Optional.empty());
    }

    private AccuracyOutcome score(ModelRef m, DatasetIndex ix, int batch, int limit) throws Exception {
        try (ImageSet images = Datasets.load(ix, ImagePipeline.forModel(ix.spec(), m), ix.count(),
                tmp.resolve("cache"), s -> { }); OrtSession s = ENV.createSession(m.resolved().file().toString())) {
            return Evaluator.evaluate(s, ENV, new Evaluator.Request(images, batch, limit, m.numClasses(),
                    m.input().dim(0) > 0, m.resolved().syntheticWeights(), m.id(), ix.spec().toString()), x -> { });
        }
    }

    @Test
    void topOneAndTopFiveAsComputedByHand() throws Exception {
        ModelRef m = model(TestModels.nearestRed(tmp.resolve("m/c10.onnx"), 10, 8, 0));
        assertTrue(m.preprocessingFromSidecar());
        DatasetIndex ix = cifar();
        for (int batch : new int[] {1, 3, 8}) { // 3: batches of 3, 3 and a last one of 2
            AccuracyResult r = score(m, ix, batch, -1).result().orElseThrow();
            assertEquals(8, r.images());
            assertEquals(75.0, r.top1Percent(), "batch " + batch);
            assertEquals(87.5, r.top5Percent());
            assertEquals(5, r.k());
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 9, 0}, r.predictions());
            assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 7, 9}, r.labels());
        }
        AccuracyResult first5 = score(m, ix, 2, 5).result().orElseThrow();
        assertEquals(5, first5.images());
        assertEquals(100.0, first5.top1Percent());
    }

    @Test
    void fixedBatchModelPadsTheLastBatch() throws Exception {
        ModelRef m = model(TestModels.nearestRed(tmp.resolve("m/c10fixed.onnx"), 10, 8, 3));
        assertEquals(3, m.input().dim(0));
        AccuracyResult r = score(m, cifar(), 3, -1).result().orElseThrow();
        assertEquals(8, r.images());
        assertEquals(75.0, r.top1Percent());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 9, 0}, r.predictions());
    }

    @Test
    void imagenetSubsetFolderOnAThousandClassHead() throws Exception {
        // 1000 classes: predicted class = round(999·red/255): red 0 → 0, red 1 → round(3.92) = 4, red 255 → 999
        ModelRef m = model(TestModels.nearestRed(tmp.resolve("m/in1k.onnx"), 1000, 8, 0));
        List<String> wnids = ImageNetClasses.wnids();
        Path root = tmp.resolve("subset");
        TestData.solid(root.resolve(wnids.get(0) + "/a.png"), 5, 7, 0, 0, 0);
        TestData.solid(root.resolve(wnids.get(4) + "/b.png"), 6, 6, 1, 0, 0);
        TestData.solid(root.resolve(wnids.get(999) + "/c.png"), 9, 4, 255, 0, 0);
        TestData.solid(root.resolve(wnids.get(999) + "/d.png"), 9, 4, 1, 0, 0); // predicted 4: a miss
        DatasetIndex ix = Datasets.index(DatasetSpec.parse("folder:" + root), Optional.empty());
        AccuracyResult r = score(m, ix, 2, -1).result().orElseThrow();
        assertArrayEquals(new int[] {0, 4, 999, 4}, r.predictions());
        assertArrayEquals(new int[] {0, 4, 999, 999}, r.labels());
        assertEquals(75.0, r.top1Percent());
        // the same folder under imagenet: gives the same labels
        DatasetIndex in = Datasets.index(DatasetSpec.parse("imagenet:" + root), Optional.empty());
        assertEquals(r, score(m, in, 4, -1).result().orElseThrow());
    }

    @Test
    void headThatDoesNotMatchIsNotAvailableAndRunsNothing() throws Exception {
        ModelRef m = model(TestModels.nearestRed(tmp.resolve("m/in1k.onnx"), 1000, 8, 0));
        AccuracyOutcome o = score(m, cifar(), 4, -1);
        assertFalse(o.available());
        assertTrue(o.notAvailable().get().startsWith("model in1k has a head of 1000 classes but dataset cifar10:"),
                o.toString());
    }
}
