package org.vitwatt.reports.history.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Set;
import org.vitwatt.reports.history.DbUrl;
import org.vitwatt.reports.history.HistoryException;
import org.vitwatt.reports.input.InputException;
import picocli.CommandLine;

/**
 * What the history commands ({@code ingest}, {@code compare}, {@code trend}) share: one-line usage errors, exit codes
 * and printing failures without any password.
 */
public final class HistoryCli {
    /** Exit code of a regression found by {@code compare}. */
    public static final int REGRESSION = 3;
    public static final int BAD_INPUT = 2;
    public static final int FAILURE = 1;

    private static final Set<String> COMMANDS = Set.of("ingest", "compare", "trend");

    private HistoryCli() {
    }

    /**
     * Makes a usage error of a history command one line on stderr ("vitwatt-reports COMMAND: what is wrong (see
     * COMMAND --help)", any password masked), exit code 2; other commands keep picocli's handler.
     */
    public static void install(CommandLine root) {
        CommandLine.IParameterExceptionHandler dflt = root.getParameterExceptionHandler();
        root.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            if (cmd == null || !COMMANDS.contains(cmd.getCommandName())) {
                return dflt.handleParseException(ex, args);
            }
            String msg = DbUrl.scrubPatterns(String.valueOf(ex.getMessage()).replaceAll("\\s*\\R\\s*", " ").strip());
            cmd.getErr().println("vitwatt-reports " + cmd.getCommandName() + ": " + msg + " (see "
                    + cmd.getCommandName() + " --help)");
            cmd.getErr().flush();
            return BAD_INPUT;
        });
    }

    /** Prints a failure as one line; returns the exit code: 2 for bad input, 1 otherwise. */
    static int fail(PrintWriter err, Exception e, DbUrl url) {
        if (e instanceof InputException ie) {
            err.println("vitwatt-reports: " + scrub(url, ie.getMessage()));
            return BAD_INPUT;
        }
        if (e instanceof HistoryException he) {
            err.println("vitwatt-reports: " + scrub(url, he.getMessage()));
            return he.kind() == HistoryException.Kind.SQL ? FAILURE : BAD_INPUT;
        }
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        err.println("vitwatt-reports: internal failure: " + scrub(url, e.toString()));
        err.print(scrub(url, trace.toString()));
        return FAILURE;
    }

    static String scrub(DbUrl url, String s) {
        return url == null ? DbUrl.scrubPatterns(s == null ? "" : s) : url.scrub(s);
    }

    static String lower(String s) {
        return s == null ? null : s.strip().toLowerCase(Locale.ROOT);
    }
}
