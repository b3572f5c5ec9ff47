/**
 * The regression gate: {@link org.vitwatt.reports.history.compare.Side} resolves what {@code --baseline} and
 * {@code --candidate} select (files, run ids, tags, latest, previous), {@link
 * org.vitwatt.reports.history.compare.Comparison} decides per benchmark and figure (beyond both the threshold and the
 * 99.9 % intervals), {@link org.vitwatt.reports.history.compare.CompareWriter} writes the table and the JSON.
 */
package org.vitwatt.reports.history.compare;
