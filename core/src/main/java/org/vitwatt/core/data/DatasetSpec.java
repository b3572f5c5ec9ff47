package org.vitwatt.core.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vitwatt.feedback.VitwattException;

/**
 * A {@code -p dataset=} value, parsed without touching the file system:
 * <pre>
 *   synthetic                      seeded random images of the model's input shape, no labels
 *   cifar10:DIR | cifar10:FILE.bin  CIFAR-10 binary batches (default test_batch.bin)
 *   imagenet:DIR                    ImageNet-1k validation images (class folders or flat + labels file)
 *   folder:DIR                      any ImageFolder (one sub-folder per class)
 *   cifar10 | imagenet              the same, found under -Dvitwatt.data=DIR
 * </pre>
 * optionally followed by {@code ?key=value&key=value} options (preprocessing overrides, and per kind
 * {@code split=test|train} for CIFAR-10, {@code labels=FILE} for ImageNet). {@code docs/datasets.md} has
 * the full rules; {@link Datasets#locate} resolves the location.
 *
 * @param kind     the dataset kind
 * @param location the dataset's directory or file as written, empty for synthetic or a bare name
 * @param text     the value as the user wrote it
 * @param options  the {@code ?key=value} options, in key order
 */
public record DatasetSpec(Kind kind, String location, String text, Map<String, String> options) {
    /** Dataset kinds. */
    public enum Kind {
        SYNTHETIC, CIFAR10, IMAGENET, FOLDER;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Options every image dataset accepts: the preprocessing overrides. */
    public static final List<String> PREPROCESSING_OPTIONS = List.of("interpolation", "cropPct", "resize", "size",
            "mean", "std");

    public static final DatasetSpec SYNTHETIC = new DatasetSpec(Kind.SYNTHETIC, "", "synthetic");

    public DatasetSpec {
        options = Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /** A spec without options. */
    public DatasetSpec(Kind kind, String location, String text) {
        this(kind, location, text, Map.of());
    }

    /** Parses a {@code -p dataset=} value; a bad one is a {@link VitwattException} naming it. */
    public static DatasetSpec parse(String s) {
        String v = s == null ? "" : s.trim();
        String where = "-p dataset=" + v;
        if (v.isEmpty()) {
            throw new VitwattException("-p dataset= is empty: " + usage());
        }
        String head = v;
        Map<String, String> options = new LinkedHashMap<>();
        int q = v.indexOf('?');
        if (q >= 0) {
            head = v.substring(0, q);
            for (String part : v.substring(q + 1).split("&")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new VitwattException(where + ": option '" + part + "' is not key=value");
                }
                String key = part.substring(0, eq).trim();
                if (options.put(key, part.substring(eq + 1).trim()) != null) {
                    throw new VitwattException(where + ": option " + key + " is given twice");
                }
            }
        }
        String kindText = head;
        String location = "";
        int colon = head.indexOf(':');
        if (colon >= 0) {
            kindText = head.substring(0, colon);
            location = head.substring(colon + 1).trim();
        }
        Kind kind = switch (kindText.trim().toLowerCase(Locale.ROOT)) {
            case "synthetic" -> Kind.SYNTHETIC;
            case "cifar10", "cifar-10" -> Kind.CIFAR10;
            case "imagenet" -> Kind.IMAGENET;
            case "folder" -> Kind.FOLDER;
            default -> throw new VitwattException("unknown dataset '" + s + "': " + usage());
        };
        if (kind == Kind.SYNTHETIC) {
            if (colon >= 0 || !options.isEmpty()) {
                throw new VitwattException(where + ": synthetic takes no location or options");
            }
            return SYNTHETIC;
        }
        if (colon >= 0 && location.isEmpty()) {
            throw new VitwattException(where + ": the location after '" + kindText + ":' is empty: give "
                    + kind.id() + ":DIR");
        }
        if (kind == Kind.FOLDER && location.isEmpty()) {
            throw new VitwattException(where + ": folder needs a directory: give folder:DIR");
        }
        Set<String> allowed = new LinkedHashSet<>(PREPROCESSING_OPTIONS);
        if (kind == Kind.CIFAR10) {
            allowed.add("split");
        }
        if (kind == Kind.IMAGENET) {
            allowed.add("labels");
        }
        for (String key : options.keySet()) {
            if (!allowed.contains(key)) {
                throw new VitwattException(where + ": unknown option '" + key + "' for " + kind.id()
                        + ": known options are " + String.join(", ", allowed));
            }
        }
        String split = options.get("split");
        if (split != null && !split.equals("test") && !split.equals("train")) {
            throw new VitwattException(where + ": split=" + split + " must be test or train");
        }
        DatasetSpec spec = new DatasetSpec(kind, location, v, options);
        PreprocessOverrides.parse(options, where); // validates the values now
        return spec;
    }

    private static String usage() {
        return "use synthetic, cifar10:DIR, imagenet:DIR, folder:DIR, or cifar10 / imagenet with -Dvitwatt.data=DIR "
                + "(options after '?', e.g. cifar10:DIR?interpolation=bicubic)";
    }

    /** The preprocessing overrides given as options. */
    public PreprocessOverrides overrides() {
        return PreprocessOverrides.parse(options, "-p dataset=" + text);
    }

    /** True for datasets read from files (everything but synthetic). */
    public boolean onDisk() {
        return kind != Kind.SYNTHETIC;
    }

    @Override
    public String toString() {
        return text;
    }
}
