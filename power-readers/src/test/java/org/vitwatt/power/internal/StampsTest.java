package org.vitwatt.power.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StampsTest {
    @Test
    void theLastStampAtOrBeforeIsFoundAmongRepeatsAndOnlyWithinTheFirstN() {
        long[] t = {10, 20, 20, 30, 40, 99};
        int n = 5; // the last slot is not yet a sample
        assertEquals(-1, Stamps.lastAtOrBefore(t, n, 9));
        assertEquals(0, Stamps.lastAtOrBefore(t, n, 10));
        assertEquals(0, Stamps.lastAtOrBefore(t, n, 19));
        assertEquals(2, Stamps.lastAtOrBefore(t, n, 20), "the last of two equal stamps");
        assertEquals(3, Stamps.lastAtOrBefore(t, n, 39));
        assertEquals(4, Stamps.lastAtOrBefore(t, n, 1000), "never past n");
        assertEquals(-1, Stamps.lastAtOrBefore(t, 0, 1000));
    }
}
