/**
 * What a benchmark is and how it runs: the value types {@link org.vitwatt.core.Provider},
 * {@link org.vitwatt.core.Precision}, {@link org.vitwatt.core.BenchmarkSpec}, model resolution
 * ({@link org.vitwatt.core.ModelRef}), ONNX Runtime sessions ({@code run}), datasets ({@code data}) and
 * system information ({@code sys}). No JMH, no printing, no power sensors here.
 */
package org.vitwatt.core;
