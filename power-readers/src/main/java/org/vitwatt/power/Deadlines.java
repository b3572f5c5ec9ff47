package org.vitwatt.power;

/**
 * A sampler's deadlines, {@code start + k * period}: after each tick the next deadline is one period on; a tick that
 * came more than one period late skips the deadlines it missed (no burst of catch-up samples) and counts them. Pure
 * arithmetic on the times it is given, so the schedule is testable without a thread. Written by one thread; the count
 * may be read by others.
 */
final class Deadlines {
    private final long periodNanos;
    private long next;
    private volatile long missed;

    Deadlines(long periodNanos) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period " + periodNanos + " ns is not positive");
        }
        this.periodNanos = periodNanos;
    }

    /** The first deadline is {@code now}. */
    void start(long now) {
        next = now;
    }

    /** After a tick that ended at {@code now}: the next deadline (never in the past by a whole period). */
    long advance(long now) {
        next += periodNanos;
        long late = now - next;
        if (late >= periodNanos) {
            long m = late / periodNanos;
            next += m * periodNanos;
            missed += m;
        }
        return next;
    }

    /** Deadlines skipped so far. */
    long missed() {
        return missed;
    }
}
