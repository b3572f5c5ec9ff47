package org.vitwatt.models.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.models.fixtures.Exports;

class ModelsCliTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ModelsCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true),
                OrtEnvironment::getEnvironment);
    }

    @Test
    void listShowsTheCatalogWithPublishedFigures() {
        assertEquals(0, run("list"));
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("deit_tiny_patch16_224") && l.contains("1.26")
                && l.contains("deit_tiny")), out.toString());
    }

    @Test
    void buildThenStatsAsJson() throws Exception {
        Path f = dir.resolve("deit.onnx");
        assertEquals(0, run("build", "deit_tiny", "-o", f.toString()), err.toString());
        assertTrue(Files.size(f) > 20_000_000);
        assertTrue(err.toString().contains("block 12/12"), "progress on stderr: " + err);
        out.getBuffer().setLength(0);
        assertEquals(0, run("stats", f.toString(), "--json"));
        JsonObject j = JsonParser.parseString(out.toString()).getAsJsonObject();
        JsonObject s = j.getAsJsonObject("stats");
        assertEquals(5_717_416L, s.get("params").getAsLong());
        assertEquals(1_258_411_200L, s.get("macs").getAsLong());
        assertEquals(17, s.getAsJsonObject("opsets").get("").getAsInt());
        assertEquals("synthetic", s.getAsJsonObject("metadata").get("vitwatt.weights").getAsString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("stats", f.toString()));
        assertTrue(out.toString().contains("params:    5,717,416 (5.72 M)"), out.toString());
        assertTrue(out.toString().contains("MACs:      1,258,411,200 (1.26 G) per image"), out.toString());
    }

    @Test
    void statsOfATorchExportListItsParametersBuffersAndGroups() {
        Path f = Exports.dir().resolve("swin_v2_torchvision_op14.onnx");
        assertEquals(0, run("stats", f.toString()), err.toString());
        String text = out.toString();
        assertTrue(text.contains("params:    53,568 (0.05 M)"), text);
        assertTrue(text.contains("buffers:   2,124"), text);
        assertTrue(text.contains("MACs:      1,191,872 (0.00 G) per image"), text);
        assertTrue(text.contains("  LayerNormalization (decomposed)  23,040"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("  stages\\[1\\] +517 +26\\.89%  blocks\\[2-3\\]")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("  blocks\\[3\\] +260 +13\\.45%  features\\.3\\.1")), text);
        assertTrue(text.contains("shapes:    onnxruntime at input float[1, 3, 32, 32]"), text);
        assertTrue(text.contains(StatsText.RULES), text);
    }

    @Test
    void aDimTheInputLacksIsOneLine() {
        Path f = Exports.dir().resolve("vit_timm_op17.onnx");
        assertEquals(1, run("stats", f.toString(), "--dim", "height=256"));
        assertEquals("vitwatt-models: --dim height=256: no input of this model has a dim named 'height' (its inputs: "
                + "input float[1, 3, 32, 32])", err.toString().trim());
    }

    @Test
    void badInputGivesOneLineAndNonZeroExit() throws Exception {
        assertEquals(1, run("build", "resnet50", "-o", dir.resolve("x.onnx").toString()));
        assertTrue(err.toString().startsWith("vitwatt-models: unknown model 'resnet50'"), err.toString());
        err.getBuffer().setLength(0);
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "junk");
        assertEquals(1, run("stats", junk.toString()));
        assertTrue(err.toString().startsWith("vitwatt-models: model file " + junk + " is not an ONNX model"),
                err.toString());
        assertEquals(1, err.toString().lines().count());
        assertEquals(2, run("build"));  // usage error
    }
}
