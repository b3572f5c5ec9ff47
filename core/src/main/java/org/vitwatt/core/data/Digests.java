package org.vitwatt.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.vitwatt.feedback.VitwattException;

/** SHA-256 helpers for cache keys. */
final class Digests {
    private Digests() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of every byte of {@code file}. */
    static byte[] file(Path file) {
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

    static void text(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }

    static String hex(byte[] d) {
        return HexFormat.of().formatHex(d);
    }
}
