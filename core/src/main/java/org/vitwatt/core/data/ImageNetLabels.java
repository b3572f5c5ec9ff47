package org.vitwatt.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vitwatt.feedback.VitwattException;

/**
 * The labels of a flat ImageNet-1k validation folder: Kaggle's {@code LOC_val_solution.csv} or a
 * {@code val.txt}-style file ({@code <file> <class index or WordNet id>} per line), as class indices in the sorted
 * WordNet-id order models use.
 */
final class ImageNetLabels {
    /** Labels files looked for, in order, in a flat ImageNet folder and then in its parent. */
    static final List<String> FILES = List.of("LOC_val_solution.csv", "val.txt");

    private ImageNetLabels() {
    }

    /**
     * The labels file of a flat folder: {@code ?labels=FILE}, else the first of {@link #FILES} in the folder or its
     * parent.
     */
    static Path find(DatasetSpec spec, Path root) {
        String given = spec.options().get("labels");
        if (given != null) {
            Path p = Path.of(given);
            if (!p.isAbsolute() && !Files.exists(p)) {
                p = root.resolve(given);
            }
            if (!Files.isRegularFile(p)) {
                throw new VitwattException("ImageNet labels file " + p + " (labels=" + given + ") does not exist");
            }
            return p;
        }
        List<Path> places = new ArrayList<>(List.of(root));
        if (root.toAbsolutePath().getParent() != null) {
            places.add(root.toAbsolutePath().getParent());
        }
        for (Path dir : places) {
            for (String n : FILES) {
                if (Files.isRegularFile(dir.resolve(n))) {
                    return dir.resolve(n);
                }
            }
        }
        String devkit = "";
        for (Path dir : places) {
            if (Files.exists(dir.resolve("ILSVRC2012_validation_ground_truth.txt"))) {
                devkit = " (ILSVRC2012_validation_ground_truth.txt is not accepted: its ids follow the devkit's own "
                        + "class order, not the sorted WordNet-id order models use)";
            }
        }
        throw new VitwattException("ImageNet directory " + root + " holds images but no labels file: put "
                + "LOC_val_solution.csv (Kaggle) or val.txt ('<file> <class index or WordNet id>' per line) in it or "
                + "its parent, or give ?labels=FILE" + devkit);
    }

    /** A file name without its extension: the key a labels file names an image by. */
    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static int wnidLabel(String wnid, Path file, int line) {
        int idx = ImageNetClasses.indexOf(wnid);
        if (idx < 0) {
            throw new VitwattException("line " + line + " of " + file + " names class '" + wnid + "', which is not "
                    + "one of the 1000 ImageNet-1k WordNet ids: fix the labels file or use folder:DIR for other classes");
        }
        return idx;
    }

    /** file stem → class index, from LOC_val_solution.csv or a val.txt-style file. */
    static Map<String, Integer> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VitwattException("ImageNet labels file " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, Integer> out = new HashMap<>();
        boolean csv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int n = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String name;
            int label;
            if (csv) {
                if (i == 0 && line.startsWith("ImageId")) {
                    continue;
                }
                int comma = line.indexOf(',');
                if (comma <= 0) {
                    throw new VitwattException("line " + n + " of " + file + " is not 'ImageId,PredictionString': "
                            + line);
                }
                name = line.substring(0, comma).trim();
                String[] pred = line.substring(comma + 1).trim().split("\\s+");
                label = wnidLabel(pred[0], file, n);
            } else {
                String[] parts = line.split("\\s+");
                if (parts.length < 2) {
                    throw new VitwattException("line " + n + " of " + file + " is not '<file> <label>': " + line);
                }
                name = Path.of(parts[0]).getFileName().toString();
                String l = parts[1];
                if (l.matches("-?\\d+")) {
                    long v = Long.parseLong(l);
                    if (v < 0 || v >= ImageNetClasses.COUNT) {
                        throw new VitwattException("line " + n + " of " + file + ": label " + l + " is outside the "
                                + "model's 1000 ImageNet classes (0..999, sorted WordNet-id order): fix the labels "
                                + "file (1-based devkit ids are not accepted)");
                    }
                    label = (int) v;
                } else {
                    label = wnidLabel(l, file, n);
                }
            }
            out.put(stem(name), label);
        }
        return out;
    }
}
