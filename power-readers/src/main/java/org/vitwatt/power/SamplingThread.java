package org.vitwatt.power;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The sampler's own thread: a daemon that runs {@code tick} at each of its {@link Deadlines} and parks in between
 * ({@link LockSupport#parkNanos}, one timed wake-up per tick, the least a thread that samples on a clock can do). It
 * owns no data; what a tick reads and records is {@link Sampler}'s.
 */
final class SamplingThread {
    private final String name;
    private final LongSupplier clock;
    private final Runnable tick;
    private final Deadlines deadlines;
    private volatile boolean running;
    private Thread thread;

    SamplingThread(String name, long periodNanos, LongSupplier clock, Runnable tick) {
        this.name = name;
        this.clock = clock;
        this.tick = tick;
        this.deadlines = new Deadlines(periodNanos);
    }

    /** Starts the thread unless it runs already. */
    synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the thread and waits for it (at most 2 s). */
    void stop() {
        Thread th;
        synchronized (this) {
            th = thread;
            running = false;
        }
        if (th != null) {
            LockSupport.unpark(th);
            try {
                th.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The thread, for measuring its CPU time; {@code null} before {@link #start()}. */
    synchronized Thread thread() {
        return thread;
    }

    /** Deadlines skipped because a tick came more than one period late. */
    long missedDeadlines() {
        return deadlines.missed();
    }

    private void loop() {
        deadlines.start(clock.getAsLong());
        while (running) {
            step();
        }
    }

    /**
     * One tick and the wait for the next deadline. A method of its own so that the JIT compiles it by invocation
     * count: a loop that runs for the whole fork is otherwise left to the interpreter until its back-edge counter
     * overflows (about 60,000 wake-ups, minutes at 100 Hz), and the interpreted loop was a tenth of the thread's time.
     */
    private void step() {
        tick.run();
        long next = deadlines.advance(clock.getAsLong());
        long rem;
        while (running && (rem = next - clock.getAsLong()) > 0) {
            LockSupport.parkNanos(rem);
        }
    }
}
