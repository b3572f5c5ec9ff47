package org.vitwatt.power.clocks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The record of clock changes not yet undone, written (and forced to disk) before each change is made and cleared after
 * it is undone, so that a run killed in between leaves what the next run (or {@code benchmarks.jar --restore}) needs to
 * put the clocks back. One line per change, tab-separated: the owning process id, then {@link ClockChange}'s fields.
 * Several processes may share the file (the launcher and its forks): every read-modify-write holds its lock.
 */
public final class ClockLedger {
    private final Path file;

    public ClockLedger(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * A recorded change and its owner.
     *
     * @param pid    the process that made it
     * @param change the change
     */
    public record Entry(long pid, ClockChange change) {
        /** Whether the owning process has gone (so nobody else will undo the change). */
        public boolean orphaned() {
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        }
    }

    /** Records {@code changes} as this process's, before they are made. */
    public synchronized void add(List<ClockChange> changes) throws IOException {
        update(entries -> {
            for (ClockChange c : changes) {
                entries.add(new Entry(ProcessHandle.current().pid(), c));
            }
        });
    }

    /** Forgets this process's {@code changes} once they are undone. */
    public synchronized void remove(List<ClockChange> changes) throws IOException {
        long me = ProcessHandle.current().pid();
        update(entries -> entries.removeIf(e -> e.pid() == me && changes.contains(e.change())));
    }

    /** Forgets {@code gone} (another process's changes, undone by this one). */
    public synchronized void forget(List<Entry> gone) throws IOException {
        update(entries -> entries.removeIf(gone::contains));
    }

    /** Every recorded change, in the order made. */
    public synchronized List<Entry> entries() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    private interface Edit {
        void apply(List<Entry> entries);
    }

    private void update(Edit edit) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
            while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
                // read the whole file
            }
            List<Entry> entries = new ArrayList<>(parse(new String(buf.array(), 0, buf.position(),
                    StandardCharsets.UTF_8)));
            edit.apply(entries);
            StringBuilder sb = new StringBuilder();
            for (Entry e : entries) {
                ClockChange c = e.change();
                sb.append(e.pid()).append('\t').append(c.what()).append('\t')
                        .append(c.file() == null ? "" : c.file().toString()).append('\t').append(c.original())
                        .append('\t').append(c.set()).append('\t').append(c.nvmlGpu()).append('\n');
            }
            byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(bytes), 0);
            ch.force(true);
        }
        if (entries().isEmpty()) {
            Files.deleteIfExists(file);
        }
    }

    private static List<Entry> parse(String text) {
        List<Entry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length != 6 || !f[0].matches("\\d+")) {
                continue;
            }
            out.add(new Entry(Long.parseLong(f[0]), new ClockChange(f[1], f[2].isEmpty() ? null : Path.of(f[2]), f[3],
                    f[4], Integer.parseInt(f[5]))));
        }
        return out;
    }
}
