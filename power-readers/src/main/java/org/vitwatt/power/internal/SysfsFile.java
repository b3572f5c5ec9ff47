package org.vitwatt.power.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.vitwatt.power.SensorException;

/**
 * One sysfs attribute kept open and re-read at offset 0 with a positional read ({@code pread(fd, buf, n, 0)}, as
 * energymon's Jetson poller does: {@code energymon/jetson/energymon-jetson.c}), so that a sample costs one system call
 * and no allocation. sysfs regenerates an attribute's text whenever it is read from offset 0.
 */
public final class SysfsFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(64);

    private SysfsFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens {@code path} for reading; the exception's message says why it cannot be (missing, permission). */
    public static SysfsFile open(Path path) throws SensorException {
        try {
            return new SysfsFile(path, FileChannel.open(path, StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            throw new SensorException(path + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new SensorException("cannot read " + path + ": permission denied", e);
        } catch (IOException e) {
            throw new SensorException("cannot open " + path + ": " + e, e);
        }
    }

    public Path path() {
        return path;
    }

    /**
     * Reads the attribute as a decimal integer: leading blanks skipped, optional sign, digits up to the first
     * non-digit (so {@code "0 ms"} reads 0).
     *
     * @throws IOException the read failed, returned nothing, or did not start with a number
     */
    public long readLong() throws IOException {
        buf.clear();
        int n = channel.read(buf, 0);
        if (n <= 0) {
            throw new IOException(path + " read returned no data");
        }
        int i = 0;
        while (i < n && isBlank(buf.get(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (buf.get(i) == '-' || buf.get(i) == '+')) {
            neg = buf.get(i) == '-';
            i++;
        }
        int start = i;
        long v = 0;
        while (i < n) {
            byte b = buf.get(i);
            if (b < '0' || b > '9') {
                break;
            }
            if (v > (Long.MAX_VALUE - (b - '0')) / 10) {
                throw new IOException(path + " holds a number too large for 64 bits");
            }
            v = v * 10 + (b - '0');
            i++;
        }
        if (i == start) {
            throw new IOException(path + " does not hold a number: '" + text(n) + "'");
        }
        return neg ? -v : v;
    }

    private String text(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n && i < 32; i++) {
            byte b = buf.get(i);
            sb.append(b >= 32 && b < 127 ? (char) b : '?');
        }
        return sb.toString().trim();
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** Whether the attribute's path still exists (a removed device's open files may still read stale text). */
    public boolean exists() {
        return Files.exists(path);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing useful to do: the file was only read
        }
    }

    /** Reads a small text attribute (a label or name) once, trimmed. */
    public static String readText(Path path) throws SensorException {
        try {
            return Files.readString(path).trim();
        } catch (NoSuchFileException e) {
            throw new SensorException(path + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new SensorException("cannot read " + path + ": permission denied", e);
        } catch (IOException e) {
            throw new SensorException("cannot read " + path + ": " + e, e);
        }
    }

    /** Reads a small numeric attribute once. */
    public static long readLongOnce(Path path) throws SensorException {
        try (SysfsFile f = open(path)) {
            return f.readLong();
        } catch (SensorException e) {
            throw e;
        } catch (IOException e) {
            throw new SensorException(e.getMessage(), e);
        }
    }
}
