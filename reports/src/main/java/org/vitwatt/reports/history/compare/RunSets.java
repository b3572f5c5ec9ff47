package org.vitwatt.reports.history.compare;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vitwatt.reports.history.Stored;
import org.vitwatt.reports.input.Diagnostic;

/**
 * Sets of runs: the runs that share an ingest tag (a night of the nightly script), or one run without a tag; the
 * newest set of a device, and for {@code previous} the newest set of each candidate device before the candidate.
 */
final class RunSets {
    private RunSets() {
    }

    /** The newest set among {@code rs} (one device) that started before {@code before} and is not excluded. */
    static List<Stored.Run> newestSet(List<Stored.Run> rs, long before, Set<String> excludedSets) {
        Map<String, Long> start = new LinkedHashMap<>();
        for (Stored.Run r : rs) {
            start.merge(r.set(), r.startedMs(), Math::min);
        }
        String best = null;
        long bestStart = Long.MIN_VALUE;
        for (Map.Entry<String, Long> e : start.entrySet()) {
            if (e.getValue() < before && !excludedSets.contains(e.getKey())
                    && (best == null || e.getValue() > bestStart
                            || e.getValue() == bestStart && e.getKey().compareTo(best) > 0)) {
                best = e.getKey();
                bestStart = e.getValue();
            }
        }
        List<Stored.Run> out = new ArrayList<>();
        for (Stored.Run r : rs) {
            if (r.set().equals(best)) {
                out.add(r);
            }
        }
        return out;
    }

    /** For each device of the candidate: the newest set of that device that started before it, not its own. */
    static void previous(Side candidate, List<Stored.Run> all, Map<String, Stored.Run> runs, Set<String> dbRuns,
            List<Diagnostic> diags) {
        Set<String> candidateIds = new LinkedHashSet<>();
        candidate.runs().forEach(r -> candidateIds.add(r.runId()));
        Set<String> excluded = new LinkedHashSet<>();
        for (Stored.Run r : all) {
            if (candidateIds.contains(r.runId())) {
                excluded.add(r.set()); // the candidate's own night, when it was ingested already
            }
        }
        for (Stored.Run r : candidate.runs()) {
            if (r.tag() != null) {
                excluded.add(r.set());
            }
        }
        for (String dev : candidate.devices()) {
            long start = Long.MAX_VALUE;
            Set<String> devRuns = new LinkedHashSet<>();
            candidate.results().stream().filter(o -> o.key().device().equals(dev)).forEach(o -> devRuns.add(o.runId()));
            for (Stored.Run r : candidate.runs()) {
                if (devRuns.contains(r.runId())) {
                    start = Math.min(start, r.startedMs());
                }
            }
            List<Stored.Run> onDevice = all.stream().filter(r -> r.device().equals(dev)).toList();
            List<Stored.Run> set = newestSet(onDevice, start, excluded);
            if (set.isEmpty()) {
                diags.add(Diagnostic.note("--baseline previous: no earlier run of device " + dev + " in the database "
                        + "(before " + (start == Long.MAX_VALUE ? "the candidate" : Instant.ofEpochMilli(start)) + "): "
                        + "nothing to compare its results with"));
            }
            set.forEach(r -> Side.add(r, runs, dbRuns));
        }
    }
}
