package org.vitwatt.reports.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.vitwatt.reports.metrics.Measure;

/**
 * The NetScore and SAM5 ranks of the models of one SAM group that have both (1 = best; ties by name): what the
 * disagreement table and the rank-rank plot compare.
 *
 * @param models         the models with both scores, in the group's SAM5 order
 * @param netScores      NetScore by model, dB
 * @param sam5s          SAM5 by model, 1/J
 * @param netScoreRanks  NetScore rank by model
 * @param samRanks       SAM5 rank by model
 */
public record StageRanks(List<String> models, Map<String, Double> netScores, Map<String, Measure> sam5s,
        Map<String, Integer> netScoreRanks, Map<String, Integer> samRanks) {
    public static StageRanks of(SamGroup g, Map<String, ModelFacts> facts) {
        List<String> models = new ArrayList<>();
        Map<String, Double> ns = new HashMap<>();
        for (Map.Entry<String, Measure> e : g.sam5().entrySet()) {
            ModelFacts f = facts.get(ModelFacts.modelOf(e.getKey()));
            if (f != null && f.netScore().ok()) {
                models.add(e.getKey());
                ns.put(e.getKey(), f.netScore().value());
            }
        }
        return new StageRanks(models, ns, g.sam5(), rank(models, ns::get), rank(models, m -> g.sam5().get(m).value()));
    }

    private static Map<String, Integer> rank(List<String> models, ToDoubleFunction<String> score) {
        List<String> sorted = new ArrayList<>(models);
        sorted.sort(Comparator.comparingDouble((String m) -> -score.applyAsDouble(m)).thenComparing(m -> m));
        Map<String, Integer> r = new HashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            r.put(sorted.get(i), i + 1);
        }
        return r;
    }

    public double netScore(String m) {
        return netScores.get(m);
    }

    public Measure sam5(String m) {
        return sam5s.get(m);
    }

    public int netScoreRank(String m) {
        return netScoreRanks.get(m);
    }

    public int samRank(String m) {
        return samRanks.get(m);
    }

    /** |SAM5 rank − NetScore rank| of one model. */
    public int shift(String m) {
        return Math.abs(samRank(m) - netScoreRank(m));
    }
}
