package org.vitwatt.core.data;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.store.Digests;

/**
 * CIFAR-10 in its binary format (the files of {@code cifar-10-binary.tar.gz}): each record is 1 label byte
 * and 3072 pixel bytes, the 1024 red values of the 32×32 image row by row, then the 1024 green, then the
 * 1024 blue; 10,000 records per file. The split {@code test} is {@code test_batch.bin}, {@code train} is
 * {@code data_batch_1.bin} … {@code data_batch_5.bin} in order. Class names come from
 * {@code batches.meta.txt} (one per line) when present.
 */
final class CifarIndex implements DatasetIndex {
    /** Bytes per record: label + 32·32·3 pixels. */
    static final int RECORD = 1 + 3072;
    /** Side of a CIFAR-10 image. */
    static final int SIDE = 32;
    /** The class names when batches.meta.txt is absent. */
    static final List<String> DEFAULT_CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    private final DatasetSpec spec;
    private final Path root;
    private final List<Path> files;
    private final List<MappedByteBuffer> maps = new ArrayList<>();
    private final int[] firstRecord; // of each file, cumulative
    private final byte[] labels;
    private final List<String> classes;

    private CifarIndex(DatasetSpec spec, Path root, List<Path> files, List<String> classes) {
        this.spec = spec;
        this.root = root;
        this.files = List.copyOf(files);
        this.classes = List.copyOf(classes);
        this.firstRecord = new int[files.size() + 1];
        long total = 0;
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                throw new VitwattException("CIFAR-10 file " + file + " cannot be read: " + e.getMessage());
            }
            if (size == 0) {
                throw new VitwattException("CIFAR-10 file " + file + " is empty: re-extract cifar-10-binary.tar.gz");
            }
            if (size % RECORD != 0) {
                long rec = size / RECORD;
                throw new VitwattException(String.format(Locale.ROOT, "CIFAR-10 file %s is truncated at record %d "
                        + "(counting from 0): it has %d of that record's %d bytes (file size %d is not a multiple "
                        + "of %d); re-extract cifar-10-binary.tar.gz", file, rec, size % RECORD, RECORD, size,
                        RECORD));
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                maps.add(ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
            } catch (IOException e) {
                throw new VitwattException("CIFAR-10 file " + file + " cannot be read: " + e.getMessage());
            }
            total += size / RECORD;
            if (total > Integer.MAX_VALUE / 2) {
                throw new VitwattException("CIFAR-10 files under " + root + " hold too many records");
            }
            firstRecord[f + 1] = (int) total;
        }
        labels = new byte[(int) total];
        for (int f = 0; f < files.size(); f++) {
            MappedByteBuffer m = maps.get(f);
            for (int r = 0; r < firstRecord[f + 1] - firstRecord[f]; r++) {
                int label = m.get(r * RECORD) & 0xff;
                if (label >= classes.size()) {
                    throw new VitwattException(String.format(Locale.ROOT, "CIFAR-10 file %s record %d (counting "
                            + "from 0) has label %d, outside the dataset's %d classes (0..%d): the file is corrupt "
                            + "or not CIFAR-10 binary (CIFAR-100's records have 2 label bytes)", files.get(f), r,
                            label, classes.size(), classes.size() - 1));
                }
                labels[firstRecord[f] + r] = (byte) label;
            }
        }
    }

    /** Indexes the CIFAR-10 batches at {@code location} (a directory or one .bin file). */
    static CifarIndex open(DatasetSpec spec, Path location) {
        String split = spec.options().getOrDefault("split", "test");
        Path dir;
        List<Path> files = new ArrayList<>();
        if (Files.isRegularFile(location)) {
            dir = location.toAbsolutePath().getParent();
            files.add(location);
        } else {
            dir = location;
            if (!hasSplit(dir, split) && Files.isDirectory(dir.resolve("cifar-10-batches-bin"))) {
                dir = dir.resolve("cifar-10-batches-bin");
            }
            if (split.equals("test")) {
                if (Files.isRegularFile(dir.resolve("test_batch.bin"))) {
                    files.add(dir.resolve("test_batch.bin"));
                }
            } else {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.getFileName().toString().matches("data_batch_\\d+\\.bin")).sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new VitwattException("CIFAR-10 directory " + dir + " cannot be listed: " + e.getMessage());
                }
            }
            if (files.isEmpty()) {
                throw new VitwattException("CIFAR-10 directory " + location + " has no "
                        + (split.equals("test") ? "test_batch.bin" : "data_batch_*.bin")
                        + ": give the folder extracted from cifar-10-binary.tar.gz (cifar-10-batches-bin) or a .bin file");
            }
        }
        List<String> classes = DEFAULT_CLASSES;
        Path meta = dir.resolve("batches.meta.txt");
        if (Files.isRegularFile(meta)) {
            try {
                List<String> names = new ArrayList<>();
                for (String line : Files.readAllLines(meta, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        names.add(line.trim());
                    }
                }
                if (names.isEmpty()) {
                    throw new VitwattException("CIFAR-10 class list " + meta + " is empty: it should name the 10 "
                            + "classes, one per line (or delete it to use the standard names)");
                }
                classes = names;
            } catch (IOException e) {
                throw new VitwattException("CIFAR-10 class list " + meta + " cannot be read: " + e.getMessage());
            }
        }
        return new CifarIndex(spec, dir, files, classes);
    }

    private static boolean hasSplit(Path dir, String split) {
        if (split.equals("test")) {
            return Files.isRegularFile(dir.resolve("test_batch.bin"));
        }
        return Files.isRegularFile(dir.resolve("data_batch_1.bin"));
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
        return "cifar10 " + (files.size() == 1 ? files.get(0).toString() : root + " (" + files.size() + " files)");
    }

    @Override
    public int count() {
        return labels.length;
    }

    @Override
    public int label(int i) {
        return labels[i];
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    private int fileOf(int i) {
        int f = 0;
        while (i >= firstRecord[f + 1]) {
            f++;
        }
        return f;
    }

    @Override
    public String source(int i) {
        int f = fileOf(i);
        return files.get(f).getFileName() + "#" + (i - firstRecord[f]);
    }

    @Override
    public RgbImage read(int i) {
        int f = fileOf(i);
        MappedByteBuffer m = maps.get(f);
        int base = (i - firstRecord[f]) * RECORD + 1;
        int plane = SIDE * SIDE;
        byte[] rgb = new byte[3 * plane];
        for (int c = 0; c < 3; c++) {
            int src = base + c * plane;
            for (int p = 0; p < plane; p++) {
                rgb[p * 3 + c] = m.get(src + p);
            }
        }
        return new RgbImage(SIDE, SIDE, rgb);
    }

    @Override
    public String contentDigest(int[] selection, Progress progress) {
        MessageDigest md = Digests.sha256();
        for (Path f : files) {
            Digests.text(md, f.getFileName().toString());
            md.update(Digests.sha256(f));
        }
        return Digests.hex(md.digest());
    }
}
