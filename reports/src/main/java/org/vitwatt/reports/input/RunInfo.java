package org.vitwatt.reports.input;

import java.nio.file.Path;

/**
 * What a journal's {@code run} record says about the run that produced a result; every string is "" when
 * unknown (a JMH JSON file with no journal).
 *
 * @param runId   the journal's run id
 * @param started ISO-8601 start time
 * @param vitwatt vitwatt version
 * @param git     git commit of the benchmarks
 * @param ort     ONNX Runtime version
 * @param jmh     JMH version
 * @param journal the journal file the record came from, null when none
 */
public record RunInfo(String runId, String started, String vitwatt, String git, String ort, String jmh, Path journal) {
    public static final RunInfo NONE = new RunInfo("", "", "", "", "", "", null);
}
