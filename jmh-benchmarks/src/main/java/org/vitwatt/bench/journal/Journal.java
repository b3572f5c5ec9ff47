package org.vitwatt.bench.journal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The crash-safe result journal: JSON Lines appended to a file, one {@code write} per line straight to the
 * file (no user-space buffer, so a killed process loses at most the line being written), and
 * {@link #sync()} forcing the file to the device at the end of each benchmark. The format is in
 * {@code docs/results-format.md}.
 */
public final class Journal implements AutoCloseable {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues()
            .create();

    private final Path file;
    private final FileChannel channel;

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens {@code file} for appending, creating it and its directory when missing. */
    public static Journal open(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        return new Journal(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND));
    }

    public Path file() {
        return file;
    }

    /** Appends one record as one line. */
    public synchronized void append(JsonObject record) throws IOException {
        ByteBuffer line = ByteBuffer.wrap((GSON.toJson(record) + "\n").getBytes(StandardCharsets.UTF_8));
        while (line.hasRemaining()) {
            channel.write(line);
        }
    }

    /** Forces everything appended so far to the storage device. */
    public synchronized void sync() throws IOException {
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            channel.force(false);
        } finally {
            channel.close();
        }
    }
}
