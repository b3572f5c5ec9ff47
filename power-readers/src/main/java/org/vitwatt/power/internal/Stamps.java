package org.vitwatt.power.internal;

/** Lookups in a timeline's ascending sample stamps, shared by the power and the device-state timelines. */
public final class Stamps {
    private Stamps() {
    }

    /**
     * The index of the last of the first {@code n} stamps that is &le; {@code ts}, or -1 when none is. Stamps may
     * repeat (two samples in one clock tick): the last of equal stamps is the one returned.
     */
    public static int lastAtOrBefore(long[] t, int n, long ts) {
        int lo = 0;
        int hi = n - 1;
        int ans = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] <= ts) {
                ans = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return ans;
    }
}
