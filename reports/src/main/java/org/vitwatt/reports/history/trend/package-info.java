/** A figure over nights from the history database: the points ({@link org.vitwatt.reports.history.trend.Trend}) and
 * their CSV, SVG and PNG ({@link org.vitwatt.reports.history.trend.TrendWriter}). */
package org.vitwatt.reports.history.trend;
