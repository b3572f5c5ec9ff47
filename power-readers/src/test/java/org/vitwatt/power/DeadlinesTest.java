package org.vitwatt.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The sampling schedule on given times: one period on after each tick, missed deadlines skipped and counted. */
class DeadlinesTest {
    @Test
    void onTimeTicksKeepTheGridAndLateOnesSkipWithoutABurst() {
        Deadlines d = new Deadlines(1000);
        d.start(5_000);
        assertEquals(6_000, d.advance(5_010));  // on time: the next grid point
        assertEquals(7_000, d.advance(6_900));  // late but within a period: no skip
        assertEquals(0, d.missed());
        // 2.5 periods after the deadline 8000: 8000 and 9000 are skipped, 10000 (just past) is the next, once
        assertEquals(10_000, d.advance(10_500));
        assertEquals(2, d.missed());
        assertEquals(11_000, d.advance(10_510));
        assertEquals(2, d.missed());
    }

    @Test
    void aPeriodMustBePositive() {
        assertEquals("period 0 ns is not positive",
                assertThrows(IllegalArgumentException.class, () -> new Deadlines(0)).getMessage());
    }
}
