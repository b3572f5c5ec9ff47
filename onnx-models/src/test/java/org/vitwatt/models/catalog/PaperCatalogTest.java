package org.vitwatt.models.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vitwatt.models.arch.EfficientVit;
import org.vitwatt.models.arch.Levit;
import org.vitwatt.models.arch.PoolFormerV2;
import org.vitwatt.models.arch.TinyVit;

/** The paper's models answer to their timm id, id with tag, short alias and paper name, and carry timm's cfgs. */
class PaperCatalogTest {
    private final Catalog c = Catalog.standard();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "efficientvit_b1, efficientvit_b1",
        "efficientvit_b1.r224_in1k, efficientvit_b1",
        "efficientvit, efficientvit_b1",
        "EfficientViT-B1, efficientvit_b1",
        "levit_conv_192, levit_conv_192",
        "levit_conv_192.fb_dist_in1k, levit_conv_192",
        "levit_conv, levit_conv_192",
        "LeViT_Conv_192, levit_conv_192",
        "levit_192.fb_dist_in1k, levit_192",
        "levit, levit_192",
        "poolformerv2_s24.sail_in1k, poolformerv2_s24",
        "poolformerv2, poolformerv2_s24",
        "PoolFormerV2-S24, poolformerv2_s24",
        "tiny_vit_5m_224.in1k, tiny_vit_5m_224.in1k",
        "tiny_vit_5m_224, tiny_vit_5m_224.in1k",
        "tiny_vit_5m, tiny_vit_5m_224.in1k",
        "TinyViT-5M, tiny_vit_5m_224.in1k",
        "tiny_vit_5m_224.dist_in22k_ft_in1k, tiny_vit_5m_224.dist_in22k_ft_in1k",
        "tiny_vit_5m_dist, tiny_vit_5m_224.dist_in22k_ft_in1k",
        "TinyViT-5M_Distilled, tiny_vit_5m_224.dist_in22k_ft_in1k",
        "tiny_vit_11m_224.dist_in22k_ft_in1k, tiny_vit_11m_224.dist_in22k_ft_in1k",
        "tiny_vit_11m_dist, tiny_vit_11m_224.dist_in22k_ft_in1k",
        "tiny_vit_11m, tiny_vit_11m_224.in1k",
        "tiny_vit_21m_224.in1k, tiny_vit_21m_224.in1k",
        "tiny_vit_21m_dist, tiny_vit_21m_224.dist_in22k_ft_in1k",
        "DeiT-S_Distilled, deit_small_distilled_patch16_224",
        "deit-s, deit_small_patch16_224",
        "vit_small, vit_small_patch16_224",
    })
    void everyPaperModelHasAnUnambiguousName(String name, String id) {
        assertEquals(id, c.require(name).id());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // id, input, crop_pct, interpolation, family, paper name, weights tag, top-1, top-5
        "efficientvit_b1, 224, 0.95, bicubic, efficientvit, EfficientViT-B1, r224_in1k, 79.254, 94.300",
        "tiny_vit_5m_224.dist_in22k_ft_in1k, 224, 0.95, bicubic, tinyvit, TinyViT-5M_Distilled, dist_in22k_ft_in1k,"
                + " 80.874, 95.668",
        "tiny_vit_5m_224.in1k, 224, 0.95, bicubic, tinyvit, TinyViT-5M, in1k, 79.196, 94.792",
        "levit_conv_192, 224, 0.9, bicubic, levit, LeViT_Conv_192, fb_dist_in1k, 79.860, 94.802",
        "levit_192, 224, 0.9, bicubic, levit, LeViT_192, fb_dist_in1k, 79.858, 94.808",
        "tiny_vit_11m_224.dist_in22k_ft_in1k, 224, 0.95, bicubic, tinyvit, TinyViT-11M_Distilled, dist_in22k_ft_in1k,"
                + " 83.232, 96.628",
        "tiny_vit_11m_224.in1k, 224, 0.95, bicubic, tinyvit, TinyViT-11M, in1k, 81.538, 95.870",
        "poolformerv2_s24, 224, 1.0, bicubic, poolformer, PoolFormerV2-S24, sail_in1k, 80.746, 95.318",
        "tiny_vit_21m_224.dist_in22k_ft_in1k, 224, 0.95, bicubic, tinyvit, TinyViT-21M_Distilled, dist_in22k_ft_in1k,"
                + " 85.088, 97.354",
        "tiny_vit_21m_224.in1k, 224, 0.95, bicubic, tinyvit, TinyViT-21M, in1k, 83.268, 96.602",
    })
    void timmPretrainedConfigs(String id, int input, double crop, String interpolation, String family, String paper,
            String tag, double top1, double top5) {
        CatalogEntry e = c.require(id);
        assertEquals(input, e.preprocessing().inputSize());
        assertEquals(crop, e.preprocessing().cropPct(), 1e-12);
        assertEquals(Interpolation.parse(interpolation), e.preprocessing().interpolation());
        assertEquals(Rgb.IMAGENET_MEAN, e.preprocessing().mean());
        assertEquals(Rgb.IMAGENET_STD, e.preprocessing().std());
        assertEquals(family, e.family());
        assertEquals(family, e.architecture().family());
        assertEquals(paper, e.paperName());
        assertEquals(tag, e.weightsTag());
        assertEquals(top1, e.published().top1(), 1e-9);
        assertEquals(top5, e.published().top5(), 1e-9);
        assertEquals(224, e.architecture().imageSize());
        assertEquals(1000, e.architecture().numClasses());
        switch (family) {
            case "levit" -> assertEquals(id.contains("conv"),
                    assertInstanceOf(Levit.class, e.architecture()).useConv());
            case "tinyvit" -> assertInstanceOf(TinyVit.class, e.architecture());
            case "efficientvit" -> assertInstanceOf(EfficientVit.class, e.architecture());
            default -> assertInstanceOf(PoolFormerV2.class, e.architecture());
        }
    }
}
