package org.vitwatt.models.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.vitwatt.feedback.VitwattException;

/**
 * The digests vitwatt keys and checks its caches with: SHA-256 for cache keys (what a file was made from), CRC32C for
 * a file's own content (is it still what was written; hardware-accelerated, about 10 GB/s here against SHA-256's
 * 1.5 GB/s, so it can check a multi-gigabyte dataset cache on every run).
 */
public final class Digests {
    private static final int REGION = 1 << 30;

    private Digests() {
    }

    /** A fresh SHA-256. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of every byte of {@code file}. */
    public static byte[] sha256(Path file) {
        MessageDigest md = sha256();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        } catch (IOException e) {
            throw new VitwattException("cannot read " + file + ": " + e.getMessage());
        }
        return md.digest();
    }

    /** CRC32C of the bytes of {@code file} from {@code offset} to its end. */
    public static long crc32c(Path file, long offset) {
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            for (long pos = offset; pos < size; pos += REGION) {
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, pos, Math.min(REGION, size - pos));
                crc.update(m);
            }
        } catch (IOException e) {
            throw new VitwattException("cannot read " + file + ": " + e.getMessage());
        }
        return crc.getValue();
    }

    /** Feeds {@code s} into {@code md}, length-prefixed so that concatenations cannot collide. */
    public static void text(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }

    /** Lower-case hex. */
    public static String hex(byte[] d) {
        return HexFormat.of().formatHex(d);
    }
}
