package org.vitwatt.reports.analysis.plots;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vitwatt.reports.analysis.ModelFacts;
import org.vitwatt.reports.analysis.SamGroup;
import org.vitwatt.reports.analysis.SamScores;
import org.vitwatt.reports.analysis.StageRanks;

/** NetScore rank vs SAM5 rank, one plot per SAM group with two or more models that have both. */
public final class RankPlots {
    private RankPlots() {
    }

    public static List<PlotData> of(SamScores sam, Map<String, ModelFacts> facts) {
        List<PlotData> out = new ArrayList<>();
        int i = 0;
        for (SamGroup g : sam.groups()) {
            StageRanks ranks = StageRanks.of(g, facts);
            if (ranks.models().size() < 2) {
                continue;
            }
            List<PlotData.Point> pts = new ArrayList<>();
            for (String m : ranks.models()) {
                pts.add(new PlotData.Point(m, "models", ranks.netScoreRank(m), ranks.samRank(m)));
            }
            out.add(new PlotData.RankRank("rank-rank-" + (++i), "NetScore rank vs SAM5 rank — " + g.title(), pts));
        }
        if (out.isEmpty()) {
            out.add(new PlotData.Missing("rank-rank", "NetScore rank vs SAM5 rank",
                    "no device × dataset group has SAM5 for two or more models with a NetScore (SAM needs measured "
                            + "energy and measured accuracy)"));
        }
        return out;
    }
}
