package org.vitwatt.reports.history.compare;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vitwatt.reports.analysis.ModelNames;
import org.vitwatt.reports.history.Stored;
import org.vitwatt.reports.history.ingest.IngestRows;
import org.vitwatt.reports.history.ingest.Rows;
import org.vitwatt.reports.history.ingest.RunIds;
import org.vitwatt.reports.input.BenchmarkResult;
import org.vitwatt.reports.input.DeviceLabels;
import org.vitwatt.reports.input.Diagnostic;
import org.vitwatt.reports.input.InputException;
import org.vitwatt.reports.input.ResultLoader;

/**
 * A side given as a result file: its results (and its journal's), with the run ids and start times ingest would give
 * them, so that a file compares with the database exactly as if it had been ingested.
 */
final class FileSide {
    private FileSide() {
    }

    static void read(String flag, String sel, String device, ModelNames names, Map<String, Stored.Run> runs,
            List<Stored.Observation> results, List<Diagnostic> diags) throws InputException {
        Path p = Path.of(sel.strip());
        ResultLoader.Loaded loaded;
        try {
            loaded = ResultLoader.load(List.of(p), DeviceLabels.NONE, Map.of());
        } catch (InputException e) {
            throw new InputException(e.kind(), flag + " " + e.getMessage());
        }
        diags.addAll(loaded.diagnostics());
        List<BenchmarkResult> kept = new ArrayList<>();
        for (BenchmarkResult r : loaded.results()) {
            if (device == null || device.equals(r.device().label())) {
                kept.add(r);
            }
        }
        if (kept.isEmpty()) {
            throw new InputException(InputException.Kind.NO_RESULTS, flag + " " + p + ": no results on device "
                    + device + " (its devices: " + String.join(", ", deviceLabels(loaded.results())) + ")");
        }
        // the run ids and start times ingest gives these results (journal run id, else the file's content hash)
        Rows.Prepared prep = IngestRows.prepare(p, kept, null, names, Instant.now());
        for (Rows.RunRow r : prep.runs()) {
            runs.putIfAbsent(r.runId(), new Stored.Run(r.runId(), null, r.device(), r.startedMs(), r.started(), r.git(),
                    r.vitwatt(), r.ort()));
        }
        String hashId = null;
        for (BenchmarkResult r : kept) {
            String id = r.run().runId();
            if (id.isBlank()) {
                if (hashId == null) {
                    hashId = prep.runs().stream().map(Rows.RunRow::runId)
                            .filter(x -> x.startsWith(RunIds.HASH_PREFIX)).findFirst().orElse("");
                }
                id = hashId;
            }
            results.add(Stored.of(r, id, names));
        }
    }

    private static Set<String> deviceLabels(List<BenchmarkResult> rs) {
        Set<String> s = new TreeSet<>();
        rs.forEach(r -> s.add(r.device().label()));
        return s;
    }
}
