package org.vitwatt.reports.history.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.vitwatt.reports.input.InputException;

/**
 * The run id of a result: the journal's, or for a file without a journal {@value #HASH_PREFIX} and the first 16 hex
 * digits of the file's SHA-256 — so re-ingesting the same file (even renamed) is idempotent too.
 */
public final class RunIds {
    /** Prefix of a run id derived from a file's content. */
    public static final String HASH_PREFIX = "sha256:";

    private RunIds() {
    }

    /** {@value #HASH_PREFIX} and the first 16 hex digits of the SHA-256 of the file's bytes. */
    public static String ofContent(Path file) throws InputException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
            return HASH_PREFIX + HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new InputException(InputException.Kind.UNREADABLE, file + ": cannot read it to derive a run id: "
                    + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
