package org.vitwatt.reports.analysis;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.catalog.CatalogEntry;

/**
 * Canonical model identity: {@code params.model} may be an alias ({@code deit_tiny}), an id, an id with its weights
 * tag, or a path to an ONNX file. A name the catalog knows becomes its timm id; a path becomes its file's base name
 * (without {@code .onnx}), itself looked up in the catalog again; anything else stays as given.
 */
public final class ModelNames {
    private final Catalog catalog;
    private final Map<String, String> cache = new HashMap<>();

    public ModelNames(Catalog catalog) {
        this.catalog = catalog;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** The canonical name of a {@code model} parameter. */
    public String canonical(String given) {
        return cache.computeIfAbsent(given, this::resolve);
    }

    private String resolve(String given) {
        String g = given.strip();
        Optional<CatalogEntry> e = catalog.find(g);
        if (e.isPresent()) {
            return e.get().id();
        }
        String base = g;
        int slash = Math.max(base.lastIndexOf('/'), base.lastIndexOf('\\'));
        if (slash >= 0) {
            base = base.substring(slash + 1);
        }
        if (base.toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            base = base.substring(0, base.length() - 5);
        }
        if (base.isEmpty()) {
            return g;
        }
        return catalog.find(base).map(CatalogEntry::id).orElse(base);
    }

    /** The catalog entry of a canonical name. */
    public Optional<CatalogEntry> entry(String canonical) {
        return catalog.find(canonical);
    }
}
