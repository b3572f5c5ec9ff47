package org.vitwatt.power;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which sensors of a run still read, and why the others stopped. A sensor fails for good on its first read error, on a
 * presence check that finds its files gone ({@link Sensor#checkPresent()}, due every {@code presenceCheckNanos}), or
 * when one of its counters goes backwards without wrapping; every window that ends after its last good sample is then
 * invalid with the reason. Not thread-safe: {@link Sampler} guards it.
 */
final class SensorHealth {
    private final String[] readers;
    private final long presenceCheckNanos;
    private final boolean[] failed;
    private final long[] lastGood;
    private final String[] reason;
    private final List<String> faults = new ArrayList<>();
    private long lastPresenceCheck = Long.MIN_VALUE;

    SensorHealth(List<Sensor> sensors, long presenceCheckNanos) {
        this.readers = sensors.stream().map(Sensor::readerId).toArray(String[]::new);
        this.presenceCheckNanos = presenceCheckNanos;
        failed = new boolean[readers.length];
        lastGood = new long[readers.length];
        Arrays.fill(lastGood, Long.MIN_VALUE);
        reason = new String[readers.length];
    }

    boolean live(int s) {
        return !failed[s];
    }

    /** Whether a presence check is due at {@code ts}; if so, the next one is due a period later. */
    boolean presenceCheckDue(long ts) {
        if (lastPresenceCheck != Long.MIN_VALUE && ts - lastPresenceCheck < presenceCheckNanos) {
            return false;
        }
        lastPresenceCheck = ts;
        return true;
    }

    /** Sensor {@code s} stops at {@code ts}: the reason is kept as {@code reader: reason}. */
    void fail(int s, long ts, String why) {
        if (failed[s]) {
            return;
        }
        failed[s] = true;
        String id = readers[s];
        reason[s] = why.startsWith(id + "/") || why.startsWith(id + ": ") ? why : id + ": " + why;
        faults.add(reason[s]);
    }

    /** Every live sensor read well at {@code ts}. */
    void goodAt(long ts) {
        for (int s = 0; s < failed.length; s++) {
            if (!failed[s]) {
                lastGood[s] = ts;
            }
        }
    }

    /** The reason a window ending at {@code t1} is invalid because a sensor failed before it ended, or null. */
    String faultBefore(long t1) {
        for (int s = 0; s < failed.length; s++) {
            if (failed[s] && lastGood[s] < t1) {
                return reason[s];
            }
        }
        return null;
    }

    List<String> faults() {
        return List.copyOf(faults);
    }
}
