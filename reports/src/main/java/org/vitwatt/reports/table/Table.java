package org.vitwatt.reports.table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One table: a title, the group it belongs to within its family (e.g. device, dataset, precision for a SAM
 * table; empty for a single-table family), columns, rows and notes printed under it.
 *
 * @param title  heading
 * @param group  group values by the family's group column key, in the family's group-column order
 * @param rows   rows; each has one cell per column
 * @param notes  table-specific notes printed under it (after the family's formulas)
 */
public record Table(String title, Map<String, String> group, List<List<Cell>> rows, List<String> notes) {
    public Table {
        group = Collections.unmodifiableMap(new LinkedHashMap<>(group));
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /** A mutable builder. */
    public static final class Builder {
        private final String title;
        private final Map<String, String> group;
        private final List<List<Cell>> rows = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        public Builder(String title, Map<String, String> group) {
            this.title = title;
            this.group = group;
        }

        public Builder row(List<Cell> cells) {
            rows.add(List.copyOf(cells));
            return this;
        }

        public Builder note(String note) {
            notes.add(note);
            return this;
        }

        public Table build() {
            return new Table(title, group, rows, notes);
        }
    }
}
