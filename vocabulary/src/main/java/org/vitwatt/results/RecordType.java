package org.vitwatt.results;

import java.util.Locale;
import java.util.Optional;

/**
 * The record types of a vitwatt journal (JSON Lines, one object with a {@code "type"} per line), in the order a run
 * appends them: one {@link #RUN}, an {@link #ITERATION} per finished iteration, a {@link #BENCHMARK} per finished
 * benchmark (holding exactly the object JMH writes for it in its JSON), one {@link #END}.
 */
public enum RecordType {
    RUN, ITERATION, BENCHMARK, END;

    /** The field every record carries its type in. */
    public static final String FIELD = "type";

    /** The value of the {@code type} field. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a {@code type} field names; empty for a type this version does not know (a newer writer). */
    public static Optional<RecordType> of(String id) {
        for (RecordType t : values()) {
            if (t.id().equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
