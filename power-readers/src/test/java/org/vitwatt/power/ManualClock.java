package org.vitwatt.power;

import java.util.function.LongSupplier;

/** A clock tests set by hand, so that the sampler's arithmetic runs on simulated time. */
final class ManualClock implements LongSupplier {
    private long now;

    ManualClock(long start) {
        this.now = start;
    }

    void set(long nanos) {
        now = nanos;
    }

    @Override
    public long getAsLong() {
        return now;
    }
}
