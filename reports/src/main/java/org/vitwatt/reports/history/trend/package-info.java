/** A figure over nights from the history database: the points ({@link Trend}) and their CSV, SVG and PNG
 * ({@link TrendWriter}). */
package org.vitwatt.reports.history.trend;
