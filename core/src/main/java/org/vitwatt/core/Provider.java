package org.vitwatt.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.vitwatt.feedback.VitwattException;

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

    /** Parses a {@code -p provider=} value ({@code NAME} or {@code NAME:GPU}); "trt" is accepted for TensorRT. */
    public static Provider parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        int colon = v.indexOf(':');
        if (colon >= 0) {
            deviceOf(s);
            v = v.substring(0, colon);
        }
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

    /**
     * The GPU index of a {@code -p provider=cuda:1} value (0 when none is given); CPU takes none.
     */
    public static int deviceOf(String s) {
        String v = s == null ? "" : s.trim();
        int colon = v.indexOf(':');
        if (colon < 0) {
            return 0;
        }
        String name = v.substring(0, colon).toLowerCase(Locale.ROOT);
        String dev = v.substring(colon + 1);
        if (name.equals("cpu")) {
            throw new VitwattException("-p provider=" + s + ": the cpu provider takes no device index; use cpu");
        }
        try {
            int d = Integer.parseInt(dev);
            if (d < 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new VitwattException("-p provider=" + s + ": '" + dev + "' is not a GPU index; write e.g. "
                    + name + ":0");
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
