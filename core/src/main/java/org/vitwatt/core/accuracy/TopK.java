package org.vitwatt.core.accuracy;

import java.nio.FloatBuffer;

/**
 * The {@code k} highest logits of one image. Order: larger first; NaN ranks above every number (as
 * {@code torch.argmax} / {@code torch.topk} treat it); equal values keep the lower class index first, so
 * top-1 is the first maximum, like {@code argmax}.
 */
public final class TopK {
    private TopK() {
    }

    /** True when {@code a} (class {@code ia}) ranks before {@code b} (class {@code ib}). */
    static boolean before(float a, int ia, float b, int ib) {
        boolean na = Float.isNaN(a);
        boolean nb = Float.isNaN(b);
        if (na || nb) {
            return na && (!nb || ia < ib);
        }
        return a > b || (a == b && ia < ib);
    }

    /**
     * Writes into {@code out[0..k)} the classes of the {@code k} highest of {@code classes} logits starting at
     * absolute index {@code offset} of {@code logits}, best first; {@code k <= classes}.
     */
    public static void topK(FloatBuffer logits, int offset, int classes, int k, int[] out) {
        int n = 0;
        for (int c = 0; c < classes; c++) {
            float v = logits.get(offset + c);
            if (n == k && !before(v, c, logits.get(offset + out[k - 1]), out[k - 1])) {
                continue;
            }
            int pos = n < k ? n++ : k - 1;
            while (pos > 0 && before(v, c, logits.get(offset + out[pos - 1]), out[pos - 1])) {
                out[pos] = out[pos - 1];
                pos--;
            }
            out[pos] = c;
        }
    }

    /** Top-1 of one image: the first maximum (NaN first). */
    public static int argmax(FloatBuffer logits, int offset, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (before(logits.get(offset + c), c, logits.get(offset + best), best)) {
                best = c;
            }
        }
        return best;
    }
}
