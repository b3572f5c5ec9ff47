package org.vitwatt.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.arch.VisionTransformer;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.graph.Weights;
import org.vitwatt.models.onnx.OnnxFiles;
import org.vitwatt.models.store.ModelStore;
import org.vitwatt.models.store.ResolvedModel;

class ModelRefTest {
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

    @TempDir
    Path tmp;

    private ModelStore store(Path userDir) {
        return new ModelStore(Catalog.standard(), userDir == null ? List.of() : List.of(userDir), tmp.resolve("cache"));
    }

    @Test
    void buildsOnceThenReusesTheCachedFile() {
        List<String> progress = new ArrayList<>();
        ModelRef a = ModelRef.resolve(store(null), "deit_tiny", ORT, progress::add);
        assertEquals("deit_tiny_patch16_224", a.id());
        assertEquals(ResolvedModel.Source.BUILT, a.resolved().source());
        assertTrue(a.resolved().syntheticWeights());
        assertTrue(progress.get(0).startsWith("building deit_tiny_patch16_224"), progress.toString());
        assertEquals("input: float[batch, 3, 224, 224]", a.input().toString());
        assertEquals(1000, a.numClasses());
        assertEquals(5_717_416, a.stats().params());
        progress.clear();
        ModelRef b = ModelRef.resolve(store(null), "deit_tiny_patch16_224", ORT, progress::add);
        assertTrue(progress.isEmpty(), "no second build");
        assertEquals(a.resolved().file(), b.resolved().file());
    }

    @Test
    void userFileTakesPrecedenceOverTheBuilder() throws Exception {
        Path models = Files.createDirectories(tmp.resolve("models"));
        var e = Catalog.standard().require("deit_tiny");
        OnnxFiles.write(ModelStore.buildModel(e, s -> { }), models.resolve("deit_tiny_patch16_224.onnx"));
        ModelRef r = ModelRef.resolve(store(models), "deit_tiny", ORT, s -> { });
        assertEquals(ResolvedModel.Source.USER, r.resolved().source());
        assertFalse(r.resolved().syntheticWeights());
        assertEquals("catalog (deit_tiny_patch16_224)", r.preprocessingSource());
    }

    @Test
    void anyOnnxPathWorksWithDefaultPreprocessing() throws Exception {
        Path f = tmp.resolve("my_vit.onnx");
        OnnxFiles.write(new VisionTransformer(96, 16, 64, 1, 2, 2, true, false, 10)
                .build("my_vit", new Weights("x"), s -> { }), f);
        ModelRef r = ModelRef.resolve(store(null), f.toString(), ORT, s -> { });
        assertEquals("my_vit", r.id());
        assertEquals(96, r.preprocessing().inputSize());
        assertEquals(10, r.numClasses());
        assertTrue(r.preprocessingSource().startsWith("defaults"));
    }

    @Test
    void inputSizeThatDoesNotFitThePreprocessingIsRejected() throws Exception {
        Path models = Files.createDirectories(tmp.resolve("models"));
        Path f = models.resolve("deit_tiny.onnx"); // catalog name, but a 96 px model
        OnnxFiles.write(new VisionTransformer(96, 16, 64, 1, 2, 2, true, false, 1000)
                .build("x", new Weights("x"), s -> { }), f);
        VitwattException e = assertThrows(VitwattException.class,
                () -> ModelRef.resolve(store(models), "deit_tiny", ORT, s -> { }));
        assertEquals("model " + f + " input input: float[batch, 3, 96, 96] takes 96x96 images but its preprocessing "
                + "(catalog (deit_tiny_patch16_224)) produces 224x224: give the matching preprocessing or re-export "
                + "the model", e.getMessage());
    }

    @Test
    void truncatedUserFileIsNamed() throws Exception {
        Path f = tmp.resolve("cut.onnx");
        byte[] all = ModelStore.buildModel(Catalog.standard().require("deit_tiny"), s -> { }).toByteArray();
        Files.write(f, Arrays.copyOf(all, 1000));
        VitwattException e = assertThrows(VitwattException.class, () -> ModelRef.resolve(store(null), f.toString(), ORT,
                s -> { }));
        assertTrue(e.getMessage().startsWith("model file " + f + " is truncated"), e.getMessage());
    }

    @Test
    void missingPathAndUnknownNameAreNamed() {
        VitwattException e = assertThrows(VitwattException.class, () -> ModelRef.resolve(store(null),
                tmp.resolve("gone.onnx").toString(), ORT, s -> { }));
        assertTrue(e.getMessage().startsWith("model file " + tmp.resolve("gone.onnx") + " does not exist"));
        e = assertThrows(VitwattException.class, () -> ModelRef.resolve(store(null), "vgg16", ORT, s -> { }));
        assertTrue(e.getMessage().startsWith("unknown model 'vgg16': known models are "), e.getMessage());
    }
}
