package org.vitwatt.models.graph;

/**
 * A named tensor in a graph under construction: a graph input, an initializer or a node output.
 * {@link #NONE} stands for an omitted optional input.
 */
public record Value(String name) {
    /** The empty name ONNX uses for an omitted optional input. */
    public static final Value NONE = new Value("");

    public Value {
        java.util.Objects.requireNonNull(name, "name");
    }
}
