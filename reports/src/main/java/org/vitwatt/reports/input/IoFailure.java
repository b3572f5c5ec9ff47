package org.vitwatt.reports.input;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A file-system failure in words a user acts on — "permission denied", "is not a directory", "No space left on
 * device" — with the file it concerns, instead of a Java exception's class name.
 */
public final class IoFailure {
    private IoFailure() {
    }

    /** What went wrong writing or reading {@code target} (the file the user named), one line. */
    public static String describe(Path target, IOException e) {
        String file = e instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() : null;
        String where = file == null || Path.of(file).equals(target) ? "" : " (" + file + ")";
        if (e instanceof AccessDeniedException) {
            return "permission denied" + where;
        }
        if (e instanceof NoSuchFileException) {
            return (file == null ? "a directory on the way" : file) + " does not exist";
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException
                || e instanceof FileSystemException fs && "Not a directory".equals(fs.getReason())) {
            Path blocking = fileInTheWay(file == null ? target : Path.of(file));
            return (blocking != null ? blocking : file == null ? target : Path.of(file))
                    + " exists and is not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + where;
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return "input/output error" + where;
        }
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }

    /** The nearest existing ancestor of {@code p} (or {@code p}) that is a regular file, null when none. */
    private static Path fileInTheWay(Path p) {
        for (Path q = p.toAbsolutePath(); q != null; q = q.getParent()) {
            if (Files.exists(q)) {
                return Files.isRegularFile(q) ? q : null;
            }
        }
        return null;
    }
}
