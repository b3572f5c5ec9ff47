package org.vitwatt.models.store;

import java.nio.file.Path;
import java.util.Optional;
import org.vitwatt.models.catalog.CatalogEntry;

/**
 * A model name resolved to an ONNX file.
 *
 * @param name    the name as the user gave it
 * @param id      the canonical name: the catalog id, or the file's base name for an unknown file
 * @param file    the ONNX file to load
 * @param entry   the catalog entry, when the model is a catalog model
 * @param source  where the file came from
 */
public record ResolvedModel(String name, String id, Path file, Optional<CatalogEntry> entry, Source source) {
    /** Where a model file came from. */
    public enum Source {
        /** A file the user supplied (a path, {@code -Dvitwatt.models=DIR} or {@code onnx-models/models/}). */
        USER,
        /** Written by vitwatt's architecture builder: real architecture, synthetic weights. */
        BUILT
    }

    /** True when the weights are vitwatt's deterministic synthetic ones, so accuracy means nothing. */
    public boolean syntheticWeights() {
        return source == Source.BUILT;
    }

    /** "synthetic" or "user", as tables print it. */
    public String weightsLabel() {
        return syntheticWeights() ? "synthetic" : "user";
    }
}
