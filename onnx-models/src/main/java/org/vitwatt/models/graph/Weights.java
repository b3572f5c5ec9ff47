package org.vitwatt.models.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic weights: each tensor's values depend only on the model's seed string and the
 * tensor's name, so a model file is the same bit for bit on every run, JVM and platform, and adding a
 * tensor never changes the others. Uses {@link SplittableRandom}, whose sequence the JDK specifies, and
 * no floating-point library functions whose last bits could differ between platforms.
 */
public final class Weights {
    private final String seed;

    /** @param seed any string; the model name is the natural choice */
    public Weights(String seed) {
        this.seed = Objects.requireNonNull(seed, "seed");
    }

    public String seed() {
        return seed;
    }

    /** The values of tensor {@code name} with {@code count} elements filled as {@code init} says. */
    public float[] values(String name, int count, Init init) {
        float[] out = new float[count];
        if (init instanceof Init.Constant c) {
            Arrays.fill(out, c.value());
        } else if (init instanceof Init.Normal n) {
            SplittableRandom rnd = random(name);
            double scale = n.std() * Math.sqrt(3.0); // var of (sum of 4 U(0,1)) - 2 is 1/3
            for (int i = 0; i < count; i++) {
                long a = rnd.nextLong();
                long b = rnd.nextLong();
                double s = (a >>> 32) + (a & 0xffffffffL) + (b >>> 32) + (b & 0xffffffffL);
                double z = s * 0x1.0p-32 - 2.0; // sum of four U(0,1), centred
                out[i] = (float) (z * scale);
            }
        } else if (init instanceof Init.Uniform u) {
            SplittableRandom rnd = random(name);
            for (int i = 0; i < count; i++) {
                out[i] = (float) (u.lo() + (u.hi() - u.lo()) * ((rnd.nextLong() >>> 11) * 0x1.0p-53));
            }
        }
        return out;
    }

    private SplittableRandom random(String name) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] h = sha.digest((seed + '\0' + name).getBytes(StandardCharsets.UTF_8));
            long s = 0;
            for (int i = 0; i < 8; i++) {
                s = (s << 8) | (h[i] & 0xff);
            }
            return new SplittableRandom(s);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
