package org.vitwatt.models.stats;

import java.util.Arrays;

/**
 * What shape inference knows of one tensor: element type, shape (null when unknown, -1 for an unknown
 * dim) and, for small constants such as shapes and axes, the values themselves.
 */
record TensorInfo(int elemType, long[] shape, double[] value) {
    static final TensorInfo UNKNOWN = new TensorInfo(0, null, null);

    static TensorInfo of(int elemType, long[] shape) {
        return new TensorInfo(elemType, shape, null);
    }

    boolean fullyKnown() {
        if (shape == null) {
            return false;
        }
        for (long d : shape) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    int rank() {
        return shape.length;
    }

    /** Values as longs (for shape arithmetic); null when unknown. */
    long[] longs() {
        if (value == null) {
            return null;
        }
        long[] l = new long[value.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = (long) value[i];
        }
        return l;
    }

    @Override
    public String toString() {
        return "TensorInfo[type=" + elemType + ", shape=" + Arrays.toString(shape) + "]";
    }
}
