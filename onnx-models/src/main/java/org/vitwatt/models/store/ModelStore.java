package org.vitwatt.models.store;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.catalog.CatalogEntry;
import org.vitwatt.models.graph.Weights;
import org.vitwatt.models.onnx.OnnxFiles;

/**
 * Turns a model name into an ONNX file. In order: a path to an existing {@code .onnx} file; a file
 * {@code <name>.onnx} (any of the catalog entry's names) in one of the user model directories; otherwise,
 * for a catalog model, a file built by its architecture builder into the cache directory, keyed by a hash
 * of the architecture and builder version so a changed builder never serves a stale file.
 */
public final class ModelStore {
    /** Bumped whenever the builders change the bytes they write, to invalidate cached files. */
    public static final String BUILDER_VERSION = "2";
    /** System property naming user model directories (path-separator separated). */
    public static final String MODELS_PROPERTY = "vitwatt.models";
    /** System property naming vitwatt's cache directory. */
    public static final String CACHE_PROPERTY = "vitwatt.cache";

    private final Catalog catalog;
    private final List<Path> userDirs;
    private final Path cacheDir;

    public ModelStore(Catalog catalog, List<Path> userDirs, Path cacheDir) {
        this.catalog = catalog;
        this.userDirs = List.copyOf(userDirs);
        this.cacheDir = cacheDir;
    }

    /**
     * The store configured as users configure it: {@code -Dvitwatt.models=DIR[:DIR…]}, then
     * {@code onnx-models/models} under the working directory; cache from {@code -Dvitwatt.cache=DIR}
     * or the user's cache directory.
     */
    public static ModelStore fromSystemProperties() {
        List<Path> dirs = new ArrayList<>();
        String prop = System.getProperty(MODELS_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            for (String p : prop.split(File.pathSeparator)) {
                Path dir = Path.of(p.trim());
                if (!Files.isDirectory(dir)) {
                    throw new VitwattException("-D" + MODELS_PROPERTY + "=" + prop + ": " + dir
                            + " is not a directory; give a directory holding NAME.onnx files");
                }
                dirs.add(dir);
            }
        }
        dirs.add(Path.of("onnx-models", "models"));
        return new ModelStore(Catalog.standard(), dirs, defaultCacheDir());
    }

    /** {@code -Dvitwatt.cache}, else {@code $XDG_CACHE_HOME/vitwatt}, else {@code ~/.cache/vitwatt}. */
    public static Path defaultCacheDir() {
        String prop = System.getProperty(CACHE_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "vitwatt");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "vitwatt");
    }

    public Catalog catalog() {
        return catalog;
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /**
     * Resolves {@code name}, building the catalog model into the cache when no file exists yet.
     * {@code progress} receives human-readable progress lines of a build.
     */
    public ResolvedModel resolve(String name, Progress progress) {
        if (name == null || name.isBlank()) {
            throw new VitwattException("model name is empty: give -p model=NAME (one of " + String.join(", ",
                    catalog.ids()) + ") or a path to an .onnx file");
        }
        Optional<ResolvedModel> user = findUserFile(name);
        if (user.isPresent()) {
            return user.get();
        }
        CatalogEntry e = catalog.require(name);
        Path file = builtFile(e);
        if (Files.isRegularFile(file)) {
            CacheSeal.State state = CacheSeal.check(file);
            if (state != CacheSeal.State.INTACT) {
                progress.say(CacheSeal.rebuilding(file, state));
                build(e, file, progress);
            }
        } else {
            build(e, file, progress);
        }
        return new ResolvedModel(name, e.id(), file, Optional.of(e), ResolvedModel.Source.BUILT);
    }

    private Optional<ResolvedModel> findUserFile(String name) {
        if (name.toLowerCase(Locale.ROOT).endsWith(".onnx") || name.contains("/") || name.contains(File.separator)) {
            Path p = Path.of(name);
            if (Files.isDirectory(p)) {
                throw new VitwattException("-p model=" + name + " is a directory: give the .onnx file itself, or run "
                        + "with -Dvitwatt.models=" + name + " and -p model=NAME to use " + p.resolve("NAME.onnx"));
            }
            if (!Files.isRegularFile(p)) {
                throw new VitwattException("model file " + p + " does not exist: give an existing .onnx file or a "
                        + "catalog name (" + String.join(", ", catalog.ids()) + ")");
            }
            String base = p.getFileName().toString().replaceFirst("(?i)\\.onnx$", "");
            Optional<CatalogEntry> e = catalog.find(base);
            return Optional.of(new ResolvedModel(name, e.map(CatalogEntry::id).orElse(base), p, e,
                    ResolvedModel.Source.USER));
        }
        Optional<CatalogEntry> entry = catalog.find(name);
        List<String> candidates = entry.map(CatalogEntry::names).orElse(List.of(name));
        for (Path dir : userDirs) {
            for (String c : candidates) {
                Path p = dir.resolve(c + ".onnx");
                if (Files.isRegularFile(p)) {
                    return Optional.of(new ResolvedModel(name, entry.map(CatalogEntry::id).orElse(name), p, entry,
                            ResolvedModel.Source.USER));
                }
            }
        }
        return Optional.empty();
    }

    /** Where the builder's file for {@code e} lives in the cache. */
    public Path builtFile(CatalogEntry e) {
        return cacheDir.resolve("models").resolve(e.id() + "-" + buildKey(e) + ".onnx");
    }

    private static String buildKey(CatalogEntry e) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] h = sha.digest((BUILDER_VERSION + "|" + seedOf(e) + "|" + e.architecture())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The weights seed of a catalog model: its id, so equal architectures under two names differ. */
    static String seedOf(CatalogEntry e) {
        return e.id();
    }

    /** Builds the catalog model in memory (no file): deterministic, same bytes on every call. */
    public static ModelProto buildModel(CatalogEntry e, Progress progress) {
        ModelProto m = e.architecture().build(e.id(), new Weights(seedOf(e)), progress);
        return m.toBuilder().addMetadataProps(meta("vitwatt.model", e.id()))
                .addMetadataProps(meta("vitwatt.weights", "synthetic"))
                .addMetadataProps(meta("vitwatt.builder", BUILDER_VERSION)).build();
    }

    private static StringStringEntryProto meta(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    private static void build(CatalogEntry e, Path file, Progress progress) {
        long t0 = System.nanoTime();
        progress.say("building " + e.id() + " (synthetic weights) into " + file);
        ModelProto m = buildModel(e, line -> progress.say(e.id() + ": " + line));
        OnnxFiles.write(m, file);
        CacheSeal.seal(file);
        progress.say(String.format(Locale.ROOT, "built %s in %.1f s", e.id(),
                (System.nanoTime() - t0) / 1e9));
    }
}
