/**
 * The history database: {@code ingest} appends results idempotently to a SQLite file or any JDBC database
 * ({@link DbUrl}, {@link HistoryDb}, schema in {@link Migrations}); {@code compare} is the regression gate and
 * {@code trend} plots a figure over nights. Plain {@code java.sql}; library code never prints, and no message shows a
 * password. docs/history.md describes the commands, the schema and the nightly script.
 */
package org.vitwatt.reports.history;
