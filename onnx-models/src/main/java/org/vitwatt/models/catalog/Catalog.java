package org.vitwatt.models.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.arch.EfficientVit;
import org.vitwatt.models.arch.Levit;
import org.vitwatt.models.arch.PoolFormerV2;
import org.vitwatt.models.arch.TinyVit;
import org.vitwatt.models.arch.VisionTransformer;

/**
 * The table of models the rest of vitwatt reads: every benchmarkable model with its architecture,
 * preprocessing and published figures. Look-ups accept the timm id, a short alias or the id with its
 * pretrained tag, case-insensitively.
 *
 * <p>The E3P-ViT paper's 13 models are all here: the ViT/DeiT entries below plus EfficientViT-B1, LeViT_192
 * and LeViT_Conv_192, PoolFormerV2-S24 and TinyViT 5M / 11M / 21M, each of those three twice. A TinyViT size
 * has two pretrained checkpoints the paper benchmarks separately, {@code in1k} (plain) and
 * {@code dist_in22k_ft_in1k} (distilled from ImageNet-21k, fine-tuned on 1k), so the entry id carries the tag
 * ({@code tiny_vit_5m_224.in1k}, {@code tiny_vit_5m_224.dist_in22k_ft_in1k}); both entries hold one and the
 * same {@link TinyVit} value (the builder is shared, the weights seed and the published accuracy differ).
 * The bare timm name ({@code tiny_vit_5m_224}) and the short alias ({@code tiny_vit_5m}) name the plain
 * model; the distilled one answers to {@code tiny_vit_5m_dist} and its paper name. Paper names are aliases
 * wherever they are not a path (ViT-S/16 is not).
 */
public final class Catalog {
    private static final Catalog STANDARD = new Catalog(standardEntries());

    private final List<CatalogEntry> entries;
    private final Map<String, CatalogEntry> byName = new LinkedHashMap<>();

    /** A catalog of the given entries; every name must be unique across entries. */
    public Catalog(List<CatalogEntry> entries) {
        this.entries = List.copyOf(entries);
        for (CatalogEntry e : this.entries) {
            for (String n : e.names()) {
                CatalogEntry prev = byName.put(n.toLowerCase(Locale.ROOT), e);
                if (prev != null && prev != e) {
                    throw new IllegalArgumentException("model name " + n + " is used by " + prev.id() + " and " + e.id());
                }
            }
        }
    }

    /** The built-in catalog. */
    public static Catalog standard() {
        return STANDARD;
    }

    public List<CatalogEntry> entries() {
        return entries;
    }

    public Optional<CatalogEntry> find(String name) {
        return Optional.ofNullable(byName.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /** The entry named {@code name}; a {@link VitwattException} listing the known models otherwise. */
    public CatalogEntry require(String name) {
        return find(name).orElseThrow(() -> new VitwattException("unknown model '" + name + "': known models are "
                + String.join(", ", ids()) + " (or put your own NAME.onnx under -Dvitwatt.models=DIR)"));
    }

    /** The ids of every entry, in catalog order. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (CatalogEntry e : entries) {
            ids.add(e.id());
        }
        return Collections.unmodifiableList(ids);
    }

    private static List<CatalogEntry> standardEntries() {
        List<CatalogEntry> l = new ArrayList<>();
        VisionTransformer tiny = VisionTransformer.of(192, 12, 3, false);
        VisionTransformer small = VisionTransformer.of(384, 12, 6, false);
        VisionTransformer base = VisionTransformer.of(768, 12, 12, false);
        String timm = Published.TIMM;
        l.add(new CatalogEntry("deit_tiny_patch16_224", List.of("deit_tiny", "deit-ti"), "vit", "", "fb_in1k", tiny,
                Preprocessing.DEIT, new Published(5.72, 5_717_416, 1.26, 72.190, 91.100, timm)));
        l.add(new CatalogEntry("deit_small_patch16_224", List.of("deit_small", "deit-s"), "vit", "DeiT-S", "fb_in1k",
                small, Preprocessing.DEIT, new Published(22.05, 22_050_664, 4.61, 79.856, 95.056, timm)));
        l.add(new CatalogEntry("deit_base_patch16_224", List.of("deit_base", "deit-b"), "vit", "", "fb_in1k", base,
                Preprocessing.DEIT, new Published(86.57, 86_567_656, 17.58, 81.980, 95.740, timm)));
        l.add(new CatalogEntry("deit_tiny_distilled_patch16_224", List.of("deit_tiny_distilled"), "vit", "",
                "fb_in1k", VisionTransformer.of(192, 12, 3, true), Preprocessing.DEIT,
                new Published(5.91, 0, 1.27, 74.538, 91.898, timm)));
        l.add(new CatalogEntry("deit_small_distilled_patch16_224",
                List.of("deit_small_distilled", "deit-s-dist", "DeiT-S_Distilled"), "vit", "DeiT-S_Distilled",
                "fb_in1k", VisionTransformer.of(384, 12, 6, true), Preprocessing.DEIT,
                new Published(22.44, 0, 4.63, 81.204, 95.378, timm)));
        l.add(new CatalogEntry("deit_base_distilled_patch16_224", List.of("deit_base_distilled"), "vit", "",
                "fb_in1k", VisionTransformer.of(768, 12, 12, true), Preprocessing.DEIT,
                new Published(87.34, 0, 17.68, 83.384, 96.492, timm)));
        l.add(new CatalogEntry("vit_tiny_patch16_224", List.of("vit_tiny", "vit-ti"), "vit", "",
                "augreg_in21k_ft_in1k", tiny, Preprocessing.VIT_AUGREG,
                new Published(5.72, 5_717_416, 1.26, 75.452, 92.858, timm)));
        l.add(new CatalogEntry("vit_small_patch16_224", List.of("vit_small", "vit-s"), "vit", "ViT-S/16",
                "augreg_in21k_ft_in1k", small, Preprocessing.VIT_AUGREG,
                new Published(22.05, 22_050_664, 4.61, 81.402, 96.150, timm)));
        l.add(new CatalogEntry("vit_base_patch16_224", List.of("vit_base", "vit-b"), "vit", "",
                "augreg2_in21k_ft_in1k", base, Preprocessing.VIT_AUGREG,
                new Published(86.57, 86_567_656, 17.58, 85.108, 97.530, timm)));
        addPaperModels(l);
        return l;
    }

    /**
     * Where the TinyViT GMACs come from: timm's infer CSVs profile {@code tiny_vit_*_224} with its default
     * pretrained tag, {@code dist_in22k}, whose head has 21,841 classes; the 1000-class figure subtracts
     * C × 20,841 MACs (C = 320, 448, 576). The pt240 CSV counts BatchNorm as fvcore's eval rule does (as for
     * every other model here); the pt291 CSV's TinyViT rows are 0.01–0.02 G lower, exactly their BN MACs: that
     * run folded BN into the preceding layer wherever timm offers {@code fuse()} (TinyViT, LeViT: its LeViT
     * param_count, 10.92, is timm's 10.95 less one parameter per BN channel).
     */
    static final String TIMM_TINYVIT = "timm results-imagenet.csv @aa4b585; GMACs from "
            + "benchmark-infer-amp-nchw-pt240-cu124-rtx4090.csv @aa4b585 (1.28 / 2.04 / 4.29 with the 21,841-class "
            + "head) minus the head difference (0.007 / 0.009 / 0.012 G)";

    /** The other ten models the E3P-ViT paper benchmarks, in the order of its NetScore table. */
    private static void addPaperModels(List<CatalogEntry> l) {
        String timm = Published.TIMM;
        Preprocessing levit = new Preprocessing(224, 0.9, Interpolation.BICUBIC, Rgb.IMAGENET_MEAN, Rgb.IMAGENET_STD);
        Preprocessing crop95 = new Preprocessing(224, 0.95, Interpolation.BICUBIC, Rgb.IMAGENET_MEAN,
                Rgb.IMAGENET_STD);
        Preprocessing crop100 = new Preprocessing(224, 1.0, Interpolation.BICUBIC, Rgb.IMAGENET_MEAN,
                Rgb.IMAGENET_STD);

        l.add(new CatalogEntry("efficientvit_b1", List.of("efficientvit", "EfficientViT-B1"), "efficientvit",
                "EfficientViT-B1", "r224_in1k", EfficientVit.b1(), crop95,
                new Published(9.10, 0, 0.53, 79.254, 94.300, timm)));

        // TinyViT: one architecture value per size, shared by its plain (in1k) and distilled entries
        TinyVit tv5 = TinyVit.tinyVit5m();
        TinyVit tv11 = TinyVit.tinyVit11m();
        TinyVit tv21 = TinyVit.tinyVit21m();
        l.add(tinyVit("5m", true, tv5, crop95, new Published(5.39, 0, 1.27, 80.874, 95.668, TIMM_TINYVIT)));
        l.add(tinyVit("5m", false, tv5, crop95, new Published(5.39, 0, 1.27, 79.196, 94.792, TIMM_TINYVIT)));

        l.add(new CatalogEntry("levit_conv_192", List.of("levit_conv"), "levit", "LeViT_Conv_192", "fb_dist_in1k",
                Levit.levit192(true), levit, new Published(10.95, 0, 0.66, 79.860, 94.802, timm)));
        l.add(new CatalogEntry("levit_192", List.of("levit"), "levit", "LeViT_192", "fb_dist_in1k",
                Levit.levit192(false), levit, new Published(10.95, 0, 0.66, 79.858, 94.808, timm)));

        l.add(tinyVit("11m", true, tv11, crop95, new Published(11.00, 0, 2.03, 83.232, 96.628, TIMM_TINYVIT)));
        l.add(tinyVit("11m", false, tv11, crop95, new Published(11.00, 0, 2.03, 81.538, 95.870, TIMM_TINYVIT)));

        l.add(new CatalogEntry("poolformerv2_s24", List.of("poolformerv2", "PoolFormerV2-S24"), "poolformer",
                "PoolFormerV2-S24", "sail_in1k", PoolFormerV2.s24(), crop100,
                new Published(21.34, 0, 3.42, 80.746, 95.318, timm)));

        l.add(tinyVit("21m", true, tv21, crop95, new Published(21.20, 0, 4.28, 85.088, 97.354, TIMM_TINYVIT)));
        l.add(tinyVit("21m", false, tv21, crop95, new Published(21.20, 0, 4.28, 83.268, 96.602, TIMM_TINYVIT)));
    }

    /**
     * A TinyViT entry: {@code tiny_vit_<size>_224.dist_in22k_ft_in1k} (paper "TinyViT-5M_Distilled", alias
     * {@code tiny_vit_5m_dist}) or {@code tiny_vit_<size>_224.in1k} ("TinyViT-5M", aliases the bare timm name
     * and {@code tiny_vit_5m}).
     */
    private static CatalogEntry tinyVit(String size, boolean distilled, TinyVit arch, Preprocessing pre,
            Published published) {
        String model = "tiny_vit_" + size + "_224";
        String paper = "TinyViT-" + size.toUpperCase(Locale.ROOT) + (distilled ? "_Distilled" : "");
        String tag = distilled ? "dist_in22k_ft_in1k" : "in1k";
        List<String> aliases = distilled ? List.of("tiny_vit_" + size + "_dist", paper)
                : List.of(model, "tiny_vit_" + size, paper);
        return new CatalogEntry(model + "." + tag, aliases, "tinyvit", paper, tag, arch, pre, published);
    }
}
