package org.vitwatt.models.graph;

import java.util.Objects;

/**
 * A named tensor in a graph under construction: a graph input, an initializer or a node output.
 * {@link #NONE} stands for an omitted optional input.
 */
public record Value(String name) {
    /** The empty name ONNX uses for an omitted optional input. */
    public static final Value NONE = new Value("");

    public Value {
        Objects.requireNonNull(name, "name");
    }
}
