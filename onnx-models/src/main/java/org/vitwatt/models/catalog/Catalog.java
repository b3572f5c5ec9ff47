package org.vitwatt.models.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vitwatt.models.VitwattException;
import org.vitwatt.models.arch.VisionTransformer;

/**
 * The table of models the rest of vitwatt reads: every benchmarkable model with its architecture,
 * preprocessing and published figures. Look-ups accept the timm id, a short alias or the id with its
 * pretrained tag, case-insensitively.
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
        l.add(new CatalogEntry("deit_small_distilled_patch16_224", List.of("deit_small_distilled", "deit-s-dist"),
                "vit", "DeiT-S_Distilled", "fb_in1k", VisionTransformer.of(384, 12, 6, true), Preprocessing.DEIT,
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
        return l;
    }
}
