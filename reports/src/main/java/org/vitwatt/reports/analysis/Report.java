package org.vitwatt.reports.analysis;

import java.util.List;
import org.vitwatt.reports.analysis.plots.PlotData;
import org.vitwatt.reports.input.DeviceInfo;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.ResultLoader.InputSummary;
import org.vitwatt.reports.table.TableFamily;

/**
 * A computed report, ready for the writers.
 *
 * @param options     how it was computed
 * @param inputs      what each input file contributed
 * @param devices     every device of the results
 * @param diagnostics notes and warnings from reading and merging
 * @param results     vitwatt results read
 * @param merged      the merged benchmarks (each 1..n results)
 * @param families    tables: netscore, sam, disagreement, precision, results, devices
 * @param plots       plots to draw (or missing, with the reason)
 * @param omittedPlots plots not drawn because of {@link ReportOptions#maxPlots()}
 */
public record Report(ReportOptions options, List<InputSummary> inputs, List<DeviceInfo> devices,
        List<Diagnostic> diagnostics, int results, List<Merged> merged, List<TableFamily> families,
        List<PlotData> plots, List<String> omittedPlots) {

    public TableFamily family(String id) {
        for (TableFamily f : families) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no table family " + id);
    }
}
