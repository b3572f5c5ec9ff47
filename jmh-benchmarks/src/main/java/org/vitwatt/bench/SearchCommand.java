package org.vitwatt.bench;

import java.io.PrintStream;
import java.util.Arrays;
import org.vitwatt.core.search.PlanSearch;
import org.vitwatt.core.search.SearchOptions;
import org.vitwatt.core.search.SearchReport;
import org.vitwatt.core.trial.TrialEnvironment;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;

/**
 * {@code java -jar benchmarks.jar search …}: the plan search ({@link PlanSearch}); tables on stdout, progress on
 * stderr, {@code plans.json} written. Exit 0, or 2 with one line for a bad argument or model.
 */
final class SearchCommand {
    /** The first argument that selects the search instead of JMH. */
    static final String NAME = "search";

    private SearchCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Progress progress = Progress.prefixed(Main.PREFIX, err);
        try {
            SearchOptions o = SearchOptions.parse(Arrays.asList(args).subList(1, args.length));
            PlanSearch.Result r = PlanSearch.run(o, TrialEnvironment.fromSystem(progress, Edge.nvmlLib()));
            SearchReport.print(r, out);
            SearchReport.write(r, o.output());
            progress.say("wrote " + o.output() + " (" + r.pareto().size() + " Pareto plans)");
            return 0;
        } catch (VitwattException e) {
            err.println(Main.PREFIX + e.getMessage());
            return 2;
        }
    }
}
