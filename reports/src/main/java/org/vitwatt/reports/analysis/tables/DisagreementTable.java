package org.vitwatt.reports.analysis.tables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vitwatt.reports.analysis.ModelFacts;
import org.vitwatt.reports.analysis.ReportOptions;
import org.vitwatt.reports.analysis.SamGroup;
import org.vitwatt.reports.analysis.SamScores;
import org.vitwatt.reports.analysis.StageRanks;
import org.vitwatt.reports.analysis.Verdicts;
import org.vitwatt.reports.metrics.Measure;
import org.vitwatt.reports.metrics.NetScore;
import org.vitwatt.reports.metrics.Sam;
import org.vitwatt.reports.table.Cell;
import org.vitwatt.reports.table.Column;
import org.vitwatt.reports.table.Table;
import org.vitwatt.reports.table.TableFamily;

/**
 * The pairs of models that NetScore (stage 1) and SAM5 (stage 2, on the device) order oppositely, per SAM group,
 * largest rank shift first, with Kendall's τ over the group.
 */
public final class DisagreementTable {
    public static final List<Column> COLUMNS = List.of(Column.text("netScoreHigher", "NetScore prefers"),
            Column.text("samHigher", "SAM5 prefers"), Column.number("netScoreA", "NetScore of first", "dB", 2),
            Column.number("netScoreB", "NetScore of second", "dB", 2), Column.number("netScoreDiff", "NetScore Δ", "dB", 2),
            Column.text("netScoreRanks", "NetScore ranks (first, second)"),
            Column.number("sam5A", "SAM5 of first", "1/J", 4), Column.number("sam5B", "SAM5 of second", "1/J", 4),
            Column.number("sam5Ratio", "SAM5 second / first", "×", 2),
            Column.text("samRanks", "SAM5 ranks (first, second)"), Column.integer("rankShift", "rank shift"),
            Column.text("significant", "SAM5 difference"));

    private DisagreementTable() {
    }

    /** One discordant pair: {@code a} is the model NetScore prefers. */
    private record Pair(String a, String b, int shift) {
    }

    public static TableFamily family(SamScores sam, Map<String, ModelFacts> facts, ReportOptions options) {
        List<Table> tables = new ArrayList<>();
        int groupsWithTwo = 0;
        for (SamGroup g : sam.groups()) {
            StageRanks ranks = StageRanks.of(g, facts);
            if (ranks.models().size() < 2) {
                continue;
            }
            groupsWithTwo++;
            Table.Builder t = new Table.Builder(g.title(), g.group());
            List<String> models = ranks.models();
            int concordant = 0;
            int discordant = 0;
            List<Pair> pairs = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                for (int j = i + 1; j < models.size(); j++) {
                    String a = models.get(i);
                    String b = models.get(j);
                    double dn = ranks.netScore(a) - ranks.netScore(b);
                    double ds = ranks.sam5(a).value() - ranks.sam5(b).value();
                    if (dn == 0 || ds == 0) {
                        continue;
                    }
                    if (Math.signum(dn) == Math.signum(ds)) {
                        concordant++;
                        continue;
                    }
                    discordant++;
                    String first = dn > 0 ? a : b;
                    String second = dn > 0 ? b : a;
                    pairs.add(new Pair(first, second, ranks.shift(first) + ranks.shift(second)));
                }
            }
            // the rank shift of the row: both models' |SAM rank − NetScore rank|, largest first
            pairs.sort(Comparator.comparingInt((Pair p) -> -p.shift()).thenComparingInt(p -> ranks.netScoreRank(p.a()))
                    .thenComparingInt(p -> ranks.netScoreRank(p.b())));
            for (Pair p : pairs) {
                Measure sa = ranks.sam5(p.a());
                Measure sb = ranks.sam5(p.b());
                String sig = Verdicts.text(sb.compareTo(sa, options.threshold()), "significant (CIs apart)",
                        "significant (CIs apart)");
                t.row(List.of(Cell.text(p.a()), Cell.text(p.b()), Cell.num(ranks.netScore(p.a())),
                        Cell.num(ranks.netScore(p.b())), Cell.num(ranks.netScore(p.a()) - ranks.netScore(p.b())),
                        Cell.text(ranks.netScoreRank(p.a()) + ", " + ranks.netScoreRank(p.b())), Cell.num(sa.value()),
                        Cell.num(sb.value()), Cell.num(sb.value() / sa.value()),
                        Cell.text(ranks.samRank(p.a()) + ", " + ranks.samRank(p.b())), Cell.integer(p.shift()),
                        Cell.text(sig)));
            }
            int n = concordant + discordant;
            double tau = n == 0 ? 1 : (concordant - discordant) / (double) n;
            t.note(String.format(Locale.ROOT, "%d models with both NetScore and SAM5: %d of %d pairs swap order; "
                    + "Kendall τ = %.2f (1 = same order, −1 = reversed).", models.size(), discordant, n, tau));
            if (pairs.isEmpty()) {
                t.note("NetScore and SAM5 agree on every pair here.");
            }
            tables.add(t.build());
        }
        String empty = groupsWithTwo == 0 ? "no device × dataset group has SAM5 and NetScore for two or more models "
                + "(SAM needs measured energy and measured accuracy; the SAM tables say why each is n/a)" : "";
        return new TableFamily("disagreement", "Disagreement — NetScore order vs SAM5 order",
                "Pairs of models that NetScore (stage 1, device-agnostic) and SAM5 (stage 2, on the device) rank in "
                        + "opposite order: the theoretical figure misleads for them on this device.",
                SamTable.GROUP_COLUMNS, COLUMNS,
                List.of(NetScore.FORMULA, Sam.FORMULA,
                        "ranks among the group's models that have both scores (1 = best); rank shift = |SAM5 rank − "
                                + "NetScore rank| of the first plus that of the second; rows with the largest rank shift "
                                + "first; SAM5 ratio = second / first (> 1: SAM prefers the second)",
                        "\"significant\" only where the SAM5 99.9 % intervals (from energy's) do not overlap"),
                tables, empty);
    }
}
