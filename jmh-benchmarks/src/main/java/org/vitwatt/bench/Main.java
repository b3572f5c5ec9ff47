package org.vitwatt.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.vitwatt.bench.energy.EnergyOptions;
import org.vitwatt.bench.energy.EnergyProfiler;
import org.vitwatt.core.sys.GpuCapability;
import org.vitwatt.core.trial.Preflight;
import org.vitwatt.core.trial.TrialEnvironment;
import org.vitwatt.feedback.Progress;
import org.vitwatt.feedback.VitwattException;
import org.vitwatt.models.catalog.Catalog;
import org.vitwatt.models.catalog.CatalogEntry;
import org.vitwatt.results.Params;

/**
 * The entry point of {@code benchmarks.jar}. Every argument is parsed and run by JMH exactly as
 * {@code org.openjdk.jmh.Main} does ({@link Launcher}), so every JMH flag works, with these additions:
 * <ol>
 *   <li>{@code -prof energy:OPTIONS} is checked ({@link EnergyOptions}: readers, sysfs directory, rails, values), and
 *       the {@code -p} values of {@link InferenceBenchmark} are checked, catalog models are built and
 *       providers probed before any fork starts, and a bad value stops the run with one line naming it
 *       (exit code 2) instead of a stack trace per fork;</li>
 *   <li>short profiler names are expanded: {@code -prof energy[:opts]} means vitwatt's energy profiler;</li>
 *   <li>{@link VitwattProfiler} is enabled so per-trial figures (model size, accuracy, memory) land in the
 *       results;</li>
 *   <li>every finished iteration and benchmark goes to a crash-safe journal, and {@code -Dvitwatt.resume}
 *       re-runs only what a journal lacks ({@link Launcher});</li>
 *   <li>clocks a killed earlier run left held ({@code -p gpuClock}, {@code -p cpuClock}) are put back first, and
 *       {@code benchmarks.jar --restore} does only that.</li>
 * </ol>
 */
public final class Main {
    /** Short names accepted by {@code -prof}, mapped to the profiler classes JMH loads. */
    static final Map<String, String> PROFILERS = Map.of(
            "vitwatt", VitwattProfiler.class.getName(),
            "energy", EnergyProfiler.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals(RESTORE)) {
            System.exit(Launcher.restoreOnly(System.out, System.err));
        }
        if (args.length > 0 && args[0].equals(SearchCommand.NAME)) {
            System.exit(SearchCommand.run(args, System.out, System.err));
        }
        System.exit(Launcher.run(rewrite(args).toArray(String[]::new), System.out, System.err));
    }

    /** The only argument of {@code benchmarks.jar --restore}: put back clocks an earlier run left held, and exit. */
    static final String RESTORE = "--restore";

    /** After JMH's {@code -l} / {@code -lp} listing: the models {@code -p model=} accepts. */
    static void printModels(PrintStream out) {
        out.println("Models for -p model= (catalog id, aliases; or a path to any .onnx file):");
        for (CatalogEntry e : Catalog.standard().entries()) {
            out.println("  " + e.id() + (e.aliases().isEmpty() ? "" : "  (" + String.join(", ", e.aliases()) + ")"));
        }
    }

    /** Expands short profiler names and adds {@code -prof vitwatt} unless present. */
    static List<String> rewrite(String[] args) {
        List<String> out = new ArrayList<>();
        boolean haveVitwatt = false;
        for (int i = 0; i < args.length; i++) {
            out.add(args[i]);
            if (args[i].equals("-prof") && i + 1 < args.length) {
                String spec = args[++i];
                int colon = spec.indexOf(':');
                String name = colon < 0 ? spec : spec.substring(0, colon);
                String klass = PROFILERS.getOrDefault(name, name);
                haveVitwatt |= klass.equals(VitwattProfiler.class.getName());
                out.add(klass + (colon < 0 ? "" : spec.substring(colon)));
            }
        }
        if (!haveVitwatt) {
            out.add("-prof");
            out.add(VitwattProfiler.class.getName());
        }
        return out;
    }

    /**
     * Validates what the run will need before JMH starts: 0 to go on, 2 after printing why not. Listing and
     * help commands, runs that do not select {@link InferenceBenchmark}, and arguments JMH itself rejects
     * are left to JMH.
     */
    static int preflight(String[] args, PrintStream err) {
        CommandLineOptions opts;
        try {
            opts = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            return 0; // JMH prints its own message for its own flags
        }
        if (opts.shouldHelp() || opts.shouldList() || opts.shouldListWithParams() || opts.shouldListProfilers()
                || opts.shouldListResultFormats()) {
            return 0;
        }
        for (ProfilerConfig p : opts.getProfilers()) {
            if (p.getKlass().equals(EnergyProfiler.class.getName())) {
                try {
                    EnergyOptions.check(p.getOpts());
                } catch (VitwattException e) {
                    err.println(PREFIX + "energy: " + e.getMessage());
                    return 2;
                }
            }
        }
        if (!selects(opts, InferenceBenchmark.class.getName() + ".infer")) {
            return 0;
        }
        Progress progress = Progress.prefixed(PREFIX, err);
        try {
            TrialEnvironment env = TrialEnvironment.fromSystem(progress, Edge.nvmlLib());
            Preflight.checkFp8Gpus(parameters(opts), env.gpuName(), gpu -> GpuCapability.read(Edge.nvmlLib(), gpu));
            Preflight.check(parameters(opts), env);
            return 0;
        } catch (VitwattException e) {
            err.println(PREFIX + e.getMessage());
            return 2;
        }
    }

    /** The prefix of every line vitwatt itself writes on stderr. */
    static final String PREFIX = "vitwatt: ";

    /** Every {@code -p} value of the run, by parameter name (only those given). */
    static Map<String, List<String>> parameters(CommandLineOptions opts) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Params.Param p : Params.ALL) {
            if (opts.getParameter(p.name()).hasValue()) {
                values.put(p.name(), List.copyOf(opts.getParameter(p.name()).get()));
            }
        }
        return values;
    }

    private static boolean selects(CommandLineOptions opts, String benchmark) {
        List<String> includes = opts.getIncludes();
        boolean included = includes.isEmpty()
                || includes.stream().anyMatch(re -> Pattern.compile(re).matcher(benchmark).find());
        boolean excluded = opts.getExcludes().stream().anyMatch(re -> Pattern.compile(re).matcher(benchmark).find());
        return included && !excluded;
    }
}
