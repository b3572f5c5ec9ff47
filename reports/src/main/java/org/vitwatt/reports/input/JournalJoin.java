package org.vitwatt.reports.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JMH's JSON results joined with their journal: each result gets the run and device of the journal's matching
 * {@code benchmark} line (same benchmark, mode and params), else of the journal's last run; results of the same run
 * that only the journal has (JMH's JSON is partial) are added.
 */
final class JournalJoin {
    private JournalJoin() {
    }

    static List<BenchmarkResult> join(Path json, List<BenchmarkResult> results, Journal j, List<Diagnostic> diags) {
        Map<String, BenchmarkResult> byIdentity = new HashMap<>();
        for (BenchmarkResult jr : j.results()) {
            byIdentity.put(jr.identity(), jr);
        }
        RunInfo fallbackRun = RunInfo.NONE;
        for (RunInfo r : j.runs().values()) {
            fallbackRun = r; // the last run of the journal
        }
        List<BenchmarkResult> out = new ArrayList<>(results.size());
        Set<String> identities = new HashSet<>();
        Set<String> matchedRuns = new HashSet<>();
        int unmatched = 0;
        for (BenchmarkResult r : results) {
            identities.add(r.identity());
            BenchmarkResult jr = byIdentity.get(r.identity());
            RunInfo run;
            if (jr != null) {
                run = jr.run();
                matchedRuns.add(run.runId());
            } else {
                run = fallbackRun;
                unmatched++;
            }
            out.add(r.with(run, j.device(run.runId())));
        }
        if (unmatched > 0 && j.runs().size() > 1) {
            diags.add(Diagnostic.note(json + ": " + unmatched + " result(s) not in its journal " + j.file()
                    + "; attributed to its last run " + fallbackRun.runId()));
        }
        int added = 0;
        for (BenchmarkResult jr : j.results()) {
            if (matchedRuns.contains(jr.run().runId()) && identities.add(jr.identity())) {
                out.add(jr);
                added++;
            }
        }
        if (added > 0) {
            diags.add(Diagnostic.warning(json + ": JMH's JSON is partial: " + added + " result(s) found only in its "
                    + "journal " + j.file() + " were added"));
        }
        return out;
    }
}
