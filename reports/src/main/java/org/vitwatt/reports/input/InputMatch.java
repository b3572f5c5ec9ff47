package org.vitwatt.reports.input;

import java.nio.file.Path;
import java.util.List;

/**
 * Which input a {@code FILE} named in an option ({@code --device FILE=LABEL}, {@code --journal FILE=JOURNAL})
 * means: the input with the same path (relative to the current directory or absolute), else the only input with that
 * file name.
 */
final class InputMatch {
    private InputMatch() {
    }

    /** The normalised absolute path, how inputs are keyed. */
    static Path norm(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /** The normalised input {@code name} means; null when none does or the file name is ambiguous. */
    static Path find(String name, List<Path> inputs) {
        Path want = norm(Path.of(name));
        for (Path p : inputs) {
            if (norm(p).equals(want)) {
                return norm(p);
            }
        }
        Path hit = null;
        for (Path p : inputs) {
            if (p.getFileName() != null && p.getFileName().toString().equals(name)) {
                if (hit != null) {
                    return null; // ambiguous file name: the caller reports it as unknown
                }
                hit = norm(p);
            }
        }
        return hit;
    }
}
