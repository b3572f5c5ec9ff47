/**
 * vitwatt's reports: read JMH JSON (and the journal beside it), join the catalog's model facts, compute
 * NetScore (stage 1) and SAM (stage 2) rankings, the precision study's table, plots, and write them as
 * Markdown, CSV, JSON and one self-contained HTML page. Never re-runs inference; depends on no ONNX Runtime,
 * JMH or vitwatt core class. Library code reports through {@link java.lang.System.Logger} and returned
 * diagnostics; only the command lines ({@code org.vitwatt.reports.cli}, {@code org.vitwatt.reports.history.cli})
 * print. The history database, regression gate and trends are in {@code org.vitwatt.reports.history}.
 */
package org.vitwatt.reports;
