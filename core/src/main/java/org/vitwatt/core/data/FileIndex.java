package org.vitwatt.core.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.store.Digests;

/**
 * Image files with labels: an ImageFolder (one sub-folder per class, classes sorted by name, as
 * torchvision's {@code ImageFolder}) or ImageNet-1k validation images (class folders named by WordNet id,
 * or a flat folder with a labels file), labels always in the standard 1000-class order for ImageNet.
 */
final class FileIndex implements DatasetIndex {
    /** torchvision's {@code IMG_EXTENSIONS}; files with other names are skipped. */
    static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff",
            ".webp");

    private final DatasetSpec spec;
    private final Path root;
    private final String kind;
    private final List<Path> files;
    private final int[] labels;
    private final List<String> classes;

    private FileIndex(DatasetSpec spec, Path root, String kind, List<Path> files, int[] labels, List<String> classes) {
        this.spec = spec;
        this.root = root;
        this.kind = kind;
        this.files = List.copyOf(files);
        this.labels = labels;
        this.classes = List.copyOf(classes);
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : EXTENSIONS) {
            if (n.endsWith(e)) {
                return true;
            }
        }
        return false;
    }

    private static void requireDirectory(Path root, String what) {
        if (!Files.exists(root)) {
            throw new VitwattException(what + " directory " + root + " does not exist: check the path in -p dataset=");
        }
        if (!Files.isDirectory(root)) {
            throw new VitwattException(what + " location " + root + " is not a directory: give the folder that "
                    + "holds the images");
        }
    }

    private static List<Path> subdirectories(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).sorted((a, b) -> a.getFileName().toString()
                    .compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new VitwattException("cannot list " + root + ": " + e.getMessage());
        }
    }

    private static List<Path> topLevelImages(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isRegularFile(p) && isImage(p)).sorted((a, b) -> a.getFileName().toString()
                    .compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new VitwattException("cannot list " + root + ": " + e.getMessage());
        }
    }

    /**
     * Images of one class folder in torchvision's order: {@code sorted(os.walk(dir, followlinks=True))} then
     * {@code sorted(fnames)}, i.e. directories in order of their path text, each one's files by name.
     */
    private static List<Path> classImages(Path dir) {
        TreeMap<String, List<Path>> byDir = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            s.forEach(p -> {
                if (Files.isDirectory(p)) {
                    byDir.computeIfAbsent(p.toString(), k -> new ArrayList<>());
                } else if (isImage(p)) {
                    byDir.computeIfAbsent(p.getParent().toString(), k -> new ArrayList<>()).add(p);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new VitwattException("cannot list " + dir + ": " + e.getMessage());
        }
        List<Path> out = new ArrayList<>();
        for (List<Path> l : byDir.values()) {
            l.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
            out.addAll(l);
        }
        return out;
    }

    private static String emptyClass(Path dir) {
        return "class folder " + dir + " has no images (" + String.join(" ", EXTENSIONS) + "): add images or "
                + "remove the folder (every sub-folder is a class, hidden ones too, as in torchvision's ImageFolder)";
    }

    /** torchvision's ImageFolder: classes are the sorted sub-folder names. */
    static FileIndex imageFolder(DatasetSpec spec, Path root) {
        requireDirectory(root, "dataset");
        List<Path> dirs = subdirectories(root);
        if (dirs.isEmpty()) {
            throw new VitwattException("dataset directory " + root + " has no class sub-folders: an image folder "
                    + "holds one sub-folder per class (" + root.resolve("cat/1.jpg") + ", " + root.resolve("dog/2.jpg")
                    + ")");
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < dirs.size(); c++) {
            Path d = dirs.get(c);
            classes.add(d.getFileName().toString());
            List<Path> imgs = classImages(d);
            if (imgs.isEmpty()) {
                throw new VitwattException(emptyClass(d));
            }
            for (Path p : imgs) {
                files.add(p);
                labels.add(c);
            }
        }
        return new FileIndex(spec, root, "folder", files, labels.stream().mapToInt(Integer::intValue).toArray(),
                classes);
    }

    /**
     * ImageNet-1k validation: class folders named by WordNet id, or a flat folder plus a labels file. A folder
     * with images at its top level is flat (its sub-folders are then ignored).
     */
    static FileIndex imagenet(DatasetSpec spec, Path root) {
        requireDirectory(root, "ImageNet");
        List<Path> dirs = subdirectories(root);
        List<Path> flat = topLevelImages(root);
        if (!dirs.isEmpty() && flat.isEmpty()) {
            return imagenetClassFolders(spec, root, dirs);
        }
        if (flat.isEmpty()) {
            throw new VitwattException("ImageNet directory " + root + " holds no images: give the validation folder "
                    + "(class folders n01440764/ … or the 50,000 ILSVRC2012_val_*.JPEG files with a labels file)");
        }
        return imagenetFlat(spec, root, flat);
    }

    private static FileIndex imagenetClassFolders(DatasetSpec spec, Path root, List<Path> dirs) {
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path d : dirs) {
            String name = d.getFileName().toString();
            int idx = ImageNetClasses.indexOf(name);
            if (idx < 0) {
                throw new VitwattException("ImageNet class folder " + d + " is not one of the 1000 ImageNet-1k "
                        + "WordNet ids (n01440764 … n15075141): an imagenet: folder holds one folder per WordNet "
                        + "id; use folder:" + root + " for other class names");
            }
            List<Path> imgs = classImages(d);
            if (imgs.isEmpty()) {
                throw new VitwattException(emptyClass(d));
            }
            for (Path p : imgs) {
                files.add(p);
                labels.add(idx);
            }
        }
        return new FileIndex(spec, root, "imagenet", files, labels.stream().mapToInt(Integer::intValue).toArray(),
                ImageNetClasses.wnids());
    }

    private static FileIndex imagenetFlat(DatasetSpec spec, Path root, List<Path> flat) {
        Path lf = ImageNetLabels.find(spec, root);
        Map<String, Integer> byStem = ImageNetLabels.read(lf);
        int[] labels = new int[flat.size()];
        for (int i = 0; i < flat.size(); i++) {
            String s = ImageNetLabels.stem(flat.get(i).getFileName().toString());
            Integer l = byStem.get(s);
            if (l == null) {
                throw new VitwattException("image " + flat.get(i) + " has no label in " + lf + ": add it to the "
                        + "labels file or remove the image");
            }
            labels[i] = l;
        }
        return new FileIndex(spec, root, "imagenet", flat, labels, ImageNetClasses.wnids());
    }

    @Override
    public DatasetSpec spec() {
        return spec;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public String description() {
        return kind + " " + root;
    }

    @Override
    public int count() {
        return files.size();
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public String source(int i) {
        return root.relativize(files.get(i)).toString();
    }

    @Override
    public RgbImage read(int i) {
        return ImageDecoder.decode(files.get(i));
    }

    @Override
    public String contentDigest(int[] selection, Progress progress) {
        long bytes = 0;
        for (int i : selection) {
            try {
                bytes += Files.size(files.get(i));
            } catch (IOException e) {
                throw new VitwattException("cannot read " + files.get(i) + ": " + e.getMessage());
            }
        }
        long t0 = System.nanoTime();
        byte[][] each = new byte[selection.length][];
        IntStream.range(0, selection.length).parallel().forEach(k -> each[k] = Digests.sha256(files.get(selection[k])));
        MessageDigest md = Digests.sha256();
        for (int k = 0; k < selection.length; k++) {
            Digests.text(md, source(selection[k]));
            md.update(each[k]);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (s > 2) {
            progress.say(String.format(Locale.ROOT, "hashed %,d images (%.1f MB) of %s in %.1f s",
                    selection.length, bytes / 1e6, root, s));
        }
        return Digests.hex(md.digest());
    }
}
