package org.vitwatt.models.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vitwatt.models.fixtures.Exports;

/**
 * On models exported by {@code torch.onnx} (timm-, torchvision- and Hugging-Face-style ViTs, torchvision's Swin V1
 * and V2, opset 14 and 17, a copy with every name scrambled), parameters equal the source model's
 * {@code sum(p.numel() for p in model.parameters())} and MACs the hand count, with every MAC-carrying node counted.
 */
class ExportedModelsStatisticsTest {
    static Stream<String> files() {
        return Exports.files().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void paramsAndMacsAreTheSourceModels(String file) {
        JsonObject facts = Exports.facts(file);
        ModelStats s = Exports.analysis(file).stats();
        assertEquals(facts.get("params").getAsLong(), s.params(), file + " params");
        assertEquals(facts.get("macs").getAsLong(), s.macs(), file + " MACs " + s.macsByOp());
        assertEquals(List.of(), s.uncountedNodes(), file);
    }
}
