package org.vitwatt.reports.analysis;

import java.util.List;
import java.util.Map;
import org.vitwatt.reports.metrics.Measure;

/**
 * One SAM group: the benchmarks of one device, dataset, precision, provider, batch and set of other params, ranked
 * by SAM5 (those without a SAM5 last).
 *
 * @param key     the group's identity
 * @param group   its values by group column (device, dataset, precision, provider, batch, params)
 * @param ranked  its benchmarks, best SAM5 first, n/a last
 * @param sam5    SAM5 by model label, of the ranked benchmarks only, best first
 */
public record SamGroup(String key, Map<String, String> group, List<Merged> ranked, Map<String, Measure> sam5) {
    /** The group's title. */
    public String title() {
        return Groups.title(group);
    }
}
