package org.vitwatt.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.core.Precision;
import org.vitwatt.core.sys.CpuIsa;
import org.vitwatt.core.sys.DeviceRecord;
import org.vitwatt.core.trial.TrialEnvironment;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.store.ModelStore;
import org.vitwatt.power.jetson.JetsonState;

/** The plan search end to end on the trained fixture (4 blocks, 500 labelled images), INT8 and FP16 only. */
class PlanSearchTest {
    static final Path FIXTURE = Path.of(System.getProperty("vitwatt.fixtures", "../fixtures"), "trained");

    @TempDir
    Path cache;

    @Test
    void findsParetoPlansWithinTheBudgetAndWritesThemAsPrecisionValues() throws Exception {
        List<String> progress = new ArrayList<>();
        TrialEnvironment env = new TrialEnvironment(new ModelStore(Catalog.standard(), List.of(), cache), cache,
                OrtEnvironment.getEnvironment(), CpuIsa.current(), gpu -> "none", () -> "none",
                JetsonState.current(), DeviceRecord.clockControl("libnvidia-ml.so.1"), progress::add);
        Path out = cache.resolve("plans.json");
        SearchOptions o = SearchOptions.parse(List.of("-p", "model=" + FIXTURE.resolve("shapes_vit.onnx"), "-p",
                "dataset=folder:" + FIXTURE.resolve("shapes"), "-p", "calibration=minmax:100:folder:"
                        + FIXTURE.resolve("shapes-calib"), "--precisions", "fp16,int8", "--budget", "1.0", "-rff",
                out.toString()));
        PlanSearch.Result r = PlanSearch.run(o, env);
        assertTrue(r.labelled());
        assertEquals(List.of("patch_embed", "blocks[0]", "blocks[1]", "blocks[2]", "blocks[3]", "head"),
                List.copyOf(r.sensitivity().keySet()));
        assertFalse(r.pareto().isEmpty());
        for (PlanPoint p : r.pareto()) {
            assertTrue(p.loss() <= 1.0, p.toString());
            Precision.parse(p.precision()); // an exact -p precision= value
        }
        PlanPoint cheapest = r.pareto().get(0);
        assertTrue(cheapest.gbops() < 0.2 * r.fp32().gbops(), "the cheapest plan saves most operations: " + cheapest);
        assertTrue(progress.stream().anyMatch(l -> l.matches("search \\d+/≤\\d+: .* left\\)")), "progress with the "
                + "time left: " + progress);
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        SearchReport.print(r, new PrintStream(table, true, StandardCharsets.UTF_8));
        String text = table.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertTrue(text.contains(cheapest.precision()));
        SearchReport.write(r, out);
        JsonObject json = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        assertEquals(cheapest.precision(), json.getAsJsonArray("pareto").get(0).getAsJsonObject().get("precision")
                .getAsString());
        assertEquals(12, json.getAsJsonArray("sensitivity").size(), "6 groups × 2 precisions");
    }
}
