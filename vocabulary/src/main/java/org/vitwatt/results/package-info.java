/**
 * The results vocabulary: the one place that names what a result holds, shared by whoever writes a result
 * ({@code benchmarks.jar}) and whoever reads one ({@code reports}). Benchmark parameters and their defaults
 * ({@link org.vitwatt.results.Params}), secondary-metric labels, units and aggregation
 * ({@link org.vitwatt.results.Metrics}), the journal's record types ({@link org.vitwatt.results.RecordType}), its
 * file-name rule ({@link org.vitwatt.results.JournalFiles}) and line reader ({@link org.vitwatt.results.JournalLines}),
 * and the bit-weighted operations formula ({@link org.vitwatt.results.Bops}). It depends on nothing.
 */
package org.vitwatt.results;
