package org.vitwatt.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.vitwatt.models.VitwattException;

/** The ONNX Runtime execution provider a benchmark runs on. */
public enum Provider {
    CPU("cpu"), CUDA("cuda"), TENSORRT("tensorrt");

    private final String id;

    Provider(String id) {
        this.id = id;
    }

    /** The name used in {@code -p provider=}. */
    public String id() {
        return id;
    }

    /** Parses a {@code -p provider=} value; "trt" is accepted for TensorRT. */
    public static Provider parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("trt")) {
            return TENSORRT;
        }
        for (Provider p : values()) {
            if (p.id.equals(v)) {
                return p;
            }
        }
        throw new VitwattException("unknown provider '" + s + "': use one of " + Arrays.stream(values())
                .map(Provider::id).collect(Collectors.joining(", ")) + " (-p provider=...)");
    }

    @Override
    public String toString() {
        return id;
    }
}
