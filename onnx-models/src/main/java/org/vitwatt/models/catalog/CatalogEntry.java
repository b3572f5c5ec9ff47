package org.vitwatt.models.catalog;

import java.util.ArrayList;
import java.util.List;
import org.vitwatt.models.arch.Architecture;

/**
 * One model vitwatt knows: its timm id, the names it answers to, its architecture (which the builder
 * writes as ONNX when the user supplies no file), its evaluation preprocessing and its published figures.
 * Plain and distilled variants that share an architecture point at equal {@link Architecture} values; only
 * their published figures and weights tag differ.
 *
 * @param id            timm model name, with the pretrained tag where two entries share a model name
 * @param aliases       other names accepted for {@code -p model=} (short forms, the name with its tag)
 * @param family        architecture family ("vit", "levit", ...)
 * @param paperName     the name the E3P-ViT paper uses, or "" if it does not benchmark the model
 * @param weightsTag    timm pretrained tag whose accuracy {@link #published()} gives
 * @param architecture  the architecture the builder writes
 * @param preprocessing timm's evaluation preprocessing for the pretrained weights
 * @param published     published params, MACs and accuracy
 */
public record CatalogEntry(String id, List<String> aliases, String family, String paperName, String weightsTag,
        Architecture architecture, Preprocessing preprocessing, Published published) {
    public CatalogEntry {
        aliases = List.copyOf(aliases);
    }

    /** Every name this entry answers to: its id, its aliases and {@code id.weightsTag}. */
    public List<String> names() {
        List<String> all = new ArrayList<>();
        all.add(id);
        all.addAll(aliases);
        if (!weightsTag.isEmpty() && !id.contains(".")) {
            all.add(id + "." + weightsTag);
        }
        return all;
    }
}
