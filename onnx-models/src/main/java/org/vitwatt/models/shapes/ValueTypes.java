package org.vitwatt.models.shapes;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The type and shape of every value of one graph at one input shape: graph inputs as fed, initializers as stored,
 * node outputs as ONNX Runtime produced them. Immutable; transforms that add values return an extended copy.
 *
 * @param types       value name to type
 * @param batch       the batch size the graph ran at (the first dim of its image input; counts per image divide by
 *                    it)
 * @param source      what produced the types, for messages and the {@code stats} output
 * @param assumptions values chosen for symbolic input dims, in words
 */
public record ValueTypes(Map<String, ValueType> types, long batch, String source, List<String> assumptions) {
    public ValueTypes {
        types = Collections.unmodifiableMap(new HashMap<>(types));
        assumptions = List.copyOf(assumptions);
    }

    /** The type of {@code value}, empty when the graph has no tensor of that name (or it is not a tensor). */
    public Optional<ValueType> type(String value) {
        return Optional.ofNullable(types.get(value));
    }

    /** True when {@code value} is a 32-bit float tensor. */
    public boolean isFloat(String value) {
        ValueType t = types.get(value);
        return t != null && t.isFloat();
    }

    /** The ONNX element type of {@code value}, or 0 when unknown. */
    public int elemType(String value) {
        ValueType t = types.get(value);
        return t == null ? 0 : t.elemType();
    }

    /** These types plus {@code added} (values a transform wrote). */
    public ValueTypes with(Map<String, ValueType> added) {
        Map<String, ValueType> all = new HashMap<>(types);
        all.putAll(added);
        return new ValueTypes(all, batch, source, assumptions);
    }
}
