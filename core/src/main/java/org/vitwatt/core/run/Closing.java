package org.vitwatt.core.run;

import ai.onnxruntime.OrtException;
import java.util.List;

/** Closes several native resources so that one failing close neither skips the others nor hides its error. */
final class Closing {
    private Closing() {
    }

    /** Closes each of {@code resources} in order; the first failure is thrown after all were tried, the rest suppressed. */
    static void all(List<? extends AutoCloseable> resources) throws OrtException {
        Exception first = null;
        for (AutoCloseable c : resources) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof OrtException o) {
            throw o;
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first != null) {
            throw new IllegalStateException("closing ONNX Runtime resources: " + first.getMessage(), first);
        }
    }
}
