package org.vitwatt.bench.energy;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the energy profiler speaks: one line on stderr per distinct key in this JVM (one fork), so that a reason that
 * holds for many iterations is said once. The profiler is an application edge (JMH runs it in the benchmark's JVM with
 * no other channel to the user), so it prints; power-readers never does.
 */
final class Say {
    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();

    private Say() {
    }

    /** Prints {@code line} unless it was printed in this JVM. */
    static void once(String line) {
        once(line, line);
    }

    /** Prints {@code line} unless a line with the same {@code key} was printed in this JVM. */
    static void once(String key, String line) {
        if (SAID.add(key)) {
            PrintStream err = System.err;
            err.println(line);
        }
    }
}
