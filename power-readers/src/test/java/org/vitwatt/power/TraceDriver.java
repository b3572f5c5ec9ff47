package org.vitwatt.power;

import java.util.function.DoubleConsumer;

/** Drives a sampler on a manual clock through a scripted trace: set the sensor for time t, then tick. */
final class TraceDriver {
    /** An arbitrary nanoTime-like origin, far from 0, to catch arithmetic that assumes t0 = 0. */
    static final long BASE = 7_300_000_000_000L;

    private TraceDriver() {
    }

    /**
     * Ticks at {@code BASE + k * period} from k = 0 until the stamp reaches {@code seconds}; before each tick
     * {@code write} receives the time in seconds and sets the fake sensor. Returns the window [BASE, BASE + seconds].
     */
    static WindowStats drive(Sampler sampler, ManualClock clock, double seconds, DoubleConsumer write) {
        long period = sampler.periodNanos();
        long end = BASE + Math.round(seconds * 1e9);
        for (long k = 0; ; k++) {
            long t = BASE + k * period;
            write.accept((t - BASE) / 1e9);
            clock.set(t);
            sampler.tick();
            if (t >= end) {
                break;
            }
        }
        return sampler.window(BASE, end);
    }

    static double relErr(double got, double want) {
        return Math.abs(got - want) / Math.abs(want);
    }
}
