package org.vitwatt.reports.table;

import java.util.List;

/**
 * A kind of table the report writes, e.g. "sam": the same columns in every table of it, one table per group
 * (device × dataset × ...). One CSV file and one {@code tables} entry of report.json per family.
 *
 * @param id           stable machine name: file name of the CSV and key in report.json
 * @param title        heading
 * @param description  what the family shows, one or two sentences
 * @param groupColumns the columns that identify a table within the family (empty: a single table)
 * @param columns      the columns of every table
 * @param formulas     formulas and units, printed under every table
 * @param tables       the tables; empty when there is nothing to show
 * @param emptyReason  why there are no tables, "" when there are
 */
public record TableFamily(String id, String title, String description, List<Column> groupColumns,
        List<Column> columns, List<String> formulas, List<Table> tables, String emptyReason) {
    public TableFamily {
        groupColumns = List.copyOf(groupColumns);
        columns = List.copyOf(columns);
        formulas = List.copyOf(formulas);
        tables = List.copyOf(tables);
        for (Table t : tables) {
            for (List<Cell> r : t.rows()) {
                if (r.size() != columns.size()) {
                    throw new IllegalArgumentException(id + ": a row has " + r.size() + " cells for " + columns.size()
                            + " columns");
                }
            }
        }
    }
}
