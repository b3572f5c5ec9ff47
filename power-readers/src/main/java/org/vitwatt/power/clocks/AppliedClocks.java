package org.vitwatt.power.clocks;

import java.util.List;

/**
 * The clocks a trial changed; closing puts them back (in reverse order) and clears them from the ledger. Also undone
 * by a JVM shutdown hook if the process ends first (Ctrl-C, {@code kill}); after {@code kill -9} or a crash the ledger
 * keeps them for the next run ({@link ClockControl#restoreLeftovers()}).
 */
public final class AppliedClocks implements AutoCloseable {
    private final ClockControl control;
    private final List<ClockChange> changes;
    private final Thread hook;
    private boolean closed;

    AppliedClocks(ClockControl control, List<ClockChange> changes, Thread hook) {
        this.control = control;
        this.changes = List.copyOf(changes);
        this.hook = hook;
    }

    /** Nothing changed. */
    static AppliedClocks none(ClockControl control) {
        return new AppliedClocks(control, List.of(), null);
    }

    /** The changes made, in order. */
    public List<ClockChange> changes() {
        return changes;
    }

    /** One line: what was changed. */
    public String describe() {
        return ClockChange.describe(changes);
    }

    /** Puts the clocks back; a failure to do so is one line naming the file and what to do. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook is running or has run
            }
        }
        control.undo(changes);
    }
}
