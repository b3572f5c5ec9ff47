package org.vitwatt.reports.render;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file through a temporary file beside it and a rename, so that a reader never sees half a file and a
 * failed write leaves the old one in place.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes text. */
    @FunctionalInterface
    public interface Text {
        void writeTo(TextOut out) throws IOException;
    }

    /** Writes {@code file} as the text {@code body} produces. */
    public static Path write(Path file, Text body) throws IOException {
        Path tmp = tmp(file);
        try (TextOut out = new TextOut(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            body.writeTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return move(tmp, file);
    }

    /** Writes {@code file} with {@code bytes}. */
    public static Path write(Path file, byte[] bytes) throws IOException {
        Path tmp = tmp(file);
        try {
            Files.write(tmp, bytes);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return move(tmp, file);
    }

    private static Path tmp(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".tmp");
    }

    private static Path move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
