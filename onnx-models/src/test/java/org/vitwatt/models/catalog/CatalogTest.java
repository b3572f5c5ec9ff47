package org.vitwatt.models.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.arch.VisionTransformer;

class CatalogTest {
    private final Catalog c = Catalog.standard();

    @Test
    void findsByIdAliasAndTagCaseInsensitively() {
        assertEquals("deit_tiny_patch16_224", c.require("deit_tiny").id());
        assertEquals("deit_tiny_patch16_224", c.require("DeiT_Tiny_Patch16_224").id());
        assertEquals("deit_small_patch16_224", c.require("deit_small_patch16_224.fb_in1k").id());
        assertEquals("vit_small_patch16_224", c.require("vit_small_patch16_224.augreg_in21k_ft_in1k").id());
    }

    @Test
    void unknownModelListsTheKnownOnes() {
        VitwattException e = assertThrows(VitwattException.class, () -> c.require("resnet50"));
        assertTrue(e.getMessage().startsWith("unknown model 'resnet50': known models are deit_tiny_patch16_224, "),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Dvitwatt.models=DIR"));
    }

    @Test
    void namesMustBeUnique() {
        var a = new CatalogEntry("a", List.of("x"), "vit", "", "", VisionTransformer.of(192, 1, 3, false),
                Preprocessing.DEIT, new Published(1, 0, 1, 1, 1, "t"));
        var b = new CatalogEntry("b", List.of("x"), "vit", "", "", VisionTransformer.of(192, 1, 3, false),
                Preprocessing.DEIT, new Published(1, 0, 1, 1, 1, "t"));
        assertThrows(IllegalArgumentException.class, () -> new Catalog(List.of(a, b)));
    }

    @Test
    void timmPreprocessing() {
        Preprocessing p = c.require("deit_small").preprocessing();
        assertEquals(224, p.inputSize());
        assertEquals(248, p.resizeShorterSide()); // floor(224 / 0.9)
        assertEquals(Interpolation.BICUBIC, p.interpolation());
        assertEquals(Rgb.IMAGENET_MEAN, p.mean());
        assertEquals(Rgb.HALF, c.require("vit_small").preprocessing().std());
        assertThrows(VitwattException.class, () -> Interpolation.parse("lanczos"));
    }
}
