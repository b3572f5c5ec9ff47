package org.vitwatt.reports.analysis.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaperPlansTest {
    @Test
    void theStudysPlansAreNamedInAnyRuleOrder() {
        assertEquals("mixed:encoder=fp16+others=fp8 (MP A)", PaperPlans.label("mixed:encoder=fp16+others=fp8"));
        assertEquals(Optional.of("MP A"), PaperPlans.name("mixed:others=fp8+encoder=fp16"));
        assertEquals(Optional.of("MP B"), PaperPlans.name("mixed:encoder=fp16+others=int8"));
        assertEquals("fp16 (MP C)", PaperPlans.label("fp16"));
        assertEquals(Optional.of("MP C"), PaperPlans.name("mixed:others=fp16"));
    }

    @Test
    void otherPlansKeepTheirText() {
        assertEquals("int8", PaperPlans.label("int8"));
        assertEquals("fp32", PaperPlans.label("fp32"));
        assertEquals("mixed:blocks[0-5]=int8+others=fp16", PaperPlans.label("mixed:blocks[0-5]=int8+others=fp16"));
        assertEquals(Optional.empty(), PaperPlans.name("mixed:encoder=fp16"));
    }
}
