package org.vitwatt.reports.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.vitwatt.reports.history.cli.CompareCommand;
import org.vitwatt.reports.history.cli.HistoryCli;
import org.vitwatt.reports.history.cli.IngestCommand;
import org.vitwatt.reports.history.cli.TrendCommand;
import org.vitwatt.reports.input.InputException;
import org.vitwatt.reports.render.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code java -jar vitwatt-reports.jar}: the reports' command line, the only class here with a {@code main}. Exit
 * codes: 0 done, 1 an internal failure, 2 bad input or usage (one line naming the file, value or flag), 3 compare
 * found a regression. The environment ({@code VITWATT_DB}, …) is read here once and handed to the commands.
 */
@Command(name = "vitwatt-reports", mixinStandardHelpOptions = true, versionProvider = ReportsCli.Version.class,
        description = "vitwatt's reports: NetScore and SAM rankings, the precision study, plots — from the JMH JSON "
                + "(and journal) that benchmarks.jar writes.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:internal failure", "2:bad input or usage (the message names the file)",
            "3:compare found a regression"})
public final class ReportsCli implements Runnable {
    /** Exit code of bad input, bad usage and an unwritable --out. */
    public static final int BAD_INPUT = 2;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv()));
    }

    /** Runs a command line in this process's environment; returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, System.getenv());
    }

    /** Runs a command line with {@code env} as its environment; returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        CommandLine cl = new CommandLine(new ReportsCli());
        cl.addSubcommand(new ReportCommand());
        cl.addSubcommand(new IngestCommand(env));
        cl.addSubcommand(new CompareCommand(env));
        cl.addSubcommand(new TrendCommand(env));
        cl.addSubcommand(new CommandLine.HelpCommand());
        cl.setOut(out).setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        HistoryCli.install(cl);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof InputException) {
                cmd.getErr().println("vitwatt-reports: " + ex.getMessage());
                return BAD_INPUT;
            }
            cmd.getErr().println("vitwatt-reports: internal failure: " + ex);
            ex.printStackTrace(cmd.getErr());
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {ReportWriter.generator()};
        }
    }
}
