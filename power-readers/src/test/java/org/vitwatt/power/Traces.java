package org.vitwatt.power;

import java.util.function.DoubleUnaryOperator;

/** Scripted power traces over 2 s whose energy is known in closed form. */
final class Traces {
    private Traces() {
    }

    static final double SECONDS = 2.0;

    /** Constant 5 W: 10 J. */
    static final DoubleUnaryOperator CONSTANT_5W = t -> 5.0;
    /** 1 W rising to 9 W linearly: mean 5 W, 10 J; energy to t is t + 2t^2. */
    static final DoubleUnaryOperator RAMP = t -> 1.0 + 4.0 * t;
    /** Square wave 2 W / 8 W, period 0.2 s, 50 % duty: 10 J. */
    static final DoubleUnaryOperator SQUARE = t -> ((long) Math.floor(t / 0.1 + 1e-9) % 2 == 0) ? 8.0 : 2.0;

    /** Energy from 0 to t of each trace, J (closed form). */
    static double energy(DoubleUnaryOperator trace, double t) {
        if (trace == CONSTANT_5W) {
            return 5.0 * t;
        }
        if (trace == RAMP) {
            return t + 2.0 * t * t;
        }
        if (trace == SQUARE) {
            long half = (long) Math.floor(t / 0.1 + 1e-9);
            double rest = t - half * 0.1;
            double full = (half / 2) * 1.0 + (half % 2) * 0.8; // each 0.2 s period: 0.8 J + 0.2 J
            return full + rest * (half % 2 == 0 ? 8.0 : 2.0);
        }
        throw new IllegalArgumentException();
    }
}
