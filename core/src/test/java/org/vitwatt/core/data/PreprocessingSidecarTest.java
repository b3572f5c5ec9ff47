package org.vitwatt.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.core.ModelRef;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.catalog.Interpolation;
import org.vitwatt.models.catalog.Preprocessing;
import org.vitwatt.models.catalog.Rgb;
import org.vitwatt.models.onnx.OnnxFiles;
import org.vitwatt.models.store.ModelStore;

class PreprocessingSidecarTest {
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();

    @TempDir
    Path tmp;

    private Path example(Path to) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("example.onnx.json")) {
            Files.createDirectories(to.getParent());
            Files.write(to, in.readAllBytes());
        }
        return to;
    }

    /** The hand-written example is exactly what export_timm.py writes for an augreg ViT-S/16. */
    @Test
    void readsTheExportScriptsFormat() throws Exception {
        PreprocessingSidecar s = PreprocessingSidecar.read(example(tmp.resolve("x.onnx.json")));
        assertEquals(new Preprocessing(224, 0.9, Interpolation.BICUBIC, Rgb.HALF, Rgb.HALF), s.preprocessing());
        assertEquals(1000, s.numClasses().getAsInt());
        assertEquals("vit_small_patch16_224.augreg_in21k_ft_in1k", s.model());
    }

    @Test
    void sidecarWinsOverTheCatalog() throws Exception {
        Path models = Files.createDirectories(tmp.resolve("models"));
        Path onnx = models.resolve("deit_tiny_patch16_224.onnx");
        OnnxFiles.write(ModelStore.buildModel(Catalog.standard().require("deit_tiny"), s -> { }), onnx);
        ModelStore store = new ModelStore(Catalog.standard(), List.of(models), tmp.resolve("cache"));
        assertEquals(Preprocessing.DEIT, ModelRef.resolve(store, "deit_tiny", ORT, s -> { }).preprocessing());
        Path json = example(models.resolve("deit_tiny_patch16_224.onnx.json"));
        ModelRef r = ModelRef.resolve(store, "deit_tiny", ORT, s -> { });
        assertEquals(Rgb.HALF, r.preprocessing().mean());
        assertEquals("sidecar (" + json + ")", r.preprocessingSource());
        assertTrue(r.preprocessingFromSidecar());
        // a sidecar whose class count contradicts the file
        Files.writeString(json, Files.readString(json).replace("\"num_classes\": 1000", "\"num_classes\": 10"));
        VitwattException e = assertThrows(VitwattException.class,
                () -> ModelRef.resolve(store, "deit_tiny", ORT, s -> { }));
        assertEquals("preprocessing sidecar " + json + " says num_classes 10 but model " + onnx + " outputs logits: "
                + "float[batch, 1000]: re-export the model and its sidecar together", e.getMessage());
        // the other name is not read, and says so
        Files.move(json, models.resolve("deit_tiny_patch16_224.json"));
        e = assertThrows(VitwattException.class, () -> ModelRef.resolve(store, "deit_tiny", ORT, s -> { }));
        assertEquals("preprocessing sidecar " + models.resolve("deit_tiny_patch16_224.json") + " is not read: "
                + "vitwatt reads deit_tiny_patch16_224.onnx.json beside deit_tiny_patch16_224.onnx; rename it",
                e.getMessage());
    }

    @Test
    void badFieldsAreNamed() throws Exception {
        Path f = tmp.resolve("b.onnx.json");
        String good = new String(getClass().getResourceAsStream("example.onnx.json").readAllBytes());
        String[][] cases = {
            {good.replace("\"crop_mode\": \"center\"", "\"crop_mode\": \"squash\""),
                "crop_mode 'squash' is not supported: vitwatt evaluates with timm's default centre crop (crop_mode "
                        + "'center')"},
            {good.replace("\"bicubic\"", "\"lanczos\""), "interpolation 'lanczos' is not bicubic, bilinear or nearest"},
            {good.replace("\"mean\": [0.5, 0.5, 0.5],", ""), "'mean' is missing"},
            {good.replace("[3, 224, 224]", "[3, 224, 160]"),
                "input_size must be [3, S, S] (square, 3 channels), got [3,224,160]"},
            {good.replace("vitwatt-sidecar/1", "vitwatt-sidecar/9"),
                "format is 'vitwatt-sidecar/9', this vitwatt reads vitwatt-sidecar/1"},
            {"[1, 2]", "it is not a JSON object"},
        };
        for (String[] c : cases) {
            Files.writeString(f, c[0]);
            VitwattException e = assertThrows(VitwattException.class, () -> PreprocessingSidecar.read(f));
            assertEquals("preprocessing sidecar " + f + ": " + c[1] + " (re-run onnx-models/scripts/export_timm.py "
                    + "or fix the file; docs/datasets.md has the format)", e.getMessage());
        }
        Files.writeString(f, good.replace("\"crop_pct\": 0.9,", "\"crop_pct\": null,"));
        assertEquals(0.875, PreprocessingSidecar.read(f).preprocessing().cropPct(), "timm's default crop");
    }
}
