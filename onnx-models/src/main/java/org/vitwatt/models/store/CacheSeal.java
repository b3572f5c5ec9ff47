package org.vitwatt.models.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.vitwatt.feedback.VitwattException;

/**
 * A cached file's content check: its CRC32C ({@link Digests#crc32c}) written beside it ({@code FILE.crc32c}) when the
 * file is written, compared whenever the file is reused. A file that does not match — damaged on disk, edited,
 * truncated — or that has no seal is not used: the caller rebuilds it and says so.
 */
public final class CacheSeal {
    /** The suffix of a seal file. */
    public static final String SUFFIX = ".crc32c";

    /** What a check found. */
    public enum State {
        /** The file matches its seal. */
        INTACT,
        /** There is no seal (written by an older vitwatt, or the write was interrupted). */
        UNSEALED,
        /** The content no longer matches the seal. */
        CORRUPT
    }

    private CacheSeal() {
    }

    /** Writes the seal of {@code file} (atomically). */
    public static void seal(Path file) {
        Path seal = sealOf(file);
        try {
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
            Files.writeString(tmp, hex(Digests.crc32c(file, 0)) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, seal, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VitwattException("cannot write " + seal + ": " + e.getMessage());
        }
    }

    /** Compares {@code file} with its seal. */
    public static State check(Path file) {
        Path seal = sealOf(file);
        if (!Files.isRegularFile(seal)) {
            return State.UNSEALED;
        }
        try {
            String want = Files.readString(seal, StandardCharsets.UTF_8).trim();
            return want.equals(hex(Digests.crc32c(file, 0))) ? State.INTACT : State.CORRUPT;
        } catch (IOException | VitwattException e) {
            return State.CORRUPT;
        }
    }

    /** The line a caller says before rebuilding {@code file} found in {@code state}. */
    public static String rebuilding(Path file, State state) {
        return "cached " + file + (state == State.CORRUPT ? " does not match the CRC32C written with it (damaged or "
                + "edited)" : " has no content check (" + sealOf(file).getFileName() + ")") + ": rebuilding it";
    }

    static Path sealOf(Path file) {
        return file.resolveSibling(file.getFileName() + SUFFIX);
    }

    private static String hex(long crc) {
        return String.format(Locale.ROOT, "%08x", crc);
    }
}
