package org.vitwatt.models.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.store.ModelStore;

class DeterminismTest {
    @Test
    void sameModelSameBytes() throws Exception {
        var e = Catalog.standard().require("deit_tiny");
        byte[] a = ModelStore.buildModel(e, s -> { }).toByteArray();
        byte[] b = ModelStore.buildModel(e, s -> { }).toByteArray();
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(a), MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void weightsArePinnedAcrossJvmsAndPlatforms() {
        // Golden values: if these change, every cached model and every published synthetic figure changes.
        float[] v = new Weights("deit_tiny_patch16_224").values("blocks.0.attn.qkv.weight", 4, Init.normal(0.02));
        assertEquals("bc8d5c05bcab13bebd0df46bbc8eff55", hex(v));
        float[] u = new Weights("x").values("y", 2, new Init.Uniform(-1, 1));
        assertEquals(2, u.length);
    }

    @Test
    void normalInitHasTheRequestedMoments() {
        float[] v = new Weights("s").values("w", 200_000, Init.normal(0.02));
        double mean = 0;
        double sq = 0;
        double max = 0;
        for (float f : v) {
            mean += f;
            sq += f * f;
            max = Math.max(max, Math.abs(f));
        }
        mean /= v.length;
        double std = Math.sqrt(sq / v.length - mean * mean);
        assertEquals(0, mean, 2e-4);
        assertEquals(0.02, std, 2e-4);
        assertEquals(true, max <= 0.02 * Math.sqrt(12) + 1e-9, "bounded at 2·sqrt(3)·std");
    }

    @Test
    void tensorsDifferByName() {
        Weights w = new Weights("m");
        assertFalse(Arrays.equals(w.values("a", 8, Init.normal(1)), w.values("b", 8, Init.normal(1))));
    }

    private static String hex(float[] v) {
        StringBuilder sb = new StringBuilder();
        for (float f : v) {
            sb.append(String.format("%08x", Float.floatToIntBits(f)));
        }
        return sb.toString().substring(0, 32);
    }
}
