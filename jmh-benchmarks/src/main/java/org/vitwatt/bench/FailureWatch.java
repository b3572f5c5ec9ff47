package org.vitwatt.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.vitwatt.bench.output.ForwardingOutputFormat;
import org.vitwatt.feedback.VitwattException;

/**
 * JMH's console output, unchanged, while it notes every benchmark that failed. JMH (1.37, {@code BaseRunner.doSingle})
 * reports a benchmark that throws — in its setup, a fork, or the measured method — by printing {@code <failure>}
 * followed by the stack trace, drops its result and goes on, so a run whose every benchmark failed still exits 0 with
 * a JSON of {@code [ ]}. A fork whose JVM dies or never starts ({@code <forked VM failed with exit code N>}, then the
 * tails of its stdout and stderr) ends the benchmark without {@code endBenchmark} at all. This watch keeps, per failed
 * benchmark, its parameters and the first line of the error (the message alone for a {@link VitwattException}; the
 * exit line and the first line of the fork's stderr for a fork that died), so the launcher can say so in one line each
 * and exit non-zero.
 */
final class FailureWatch extends ForwardingOutputFormat {
    /**
     * One failed benchmark.
     *
     * @param benchmark the benchmark and its parameters, as a person reads them
     * @param reason    the first line of what went wrong
     */
    record Failure(String benchmark, String reason) {
    }

    private static final String MARKER = "<failure>";
    private static final String FORK_EXIT = "<forked VM failed with exit code ";
    private final List<Failure> failures = new ArrayList<>();
    private BenchmarkParams current;
    private boolean afterMarker;
    private String reason;
    /** Between a benchmark's start and its end: a benchmark still open at the next start or the run's end failed. */
    private boolean open;
    /** The forked VM's exit line, until its stderr's first line (the likely reason) is read. */
    private String forkExit;
    private boolean inForkStderr;

    FailureWatch(OutputFormat delegate) {
        super(delegate);
    }

    /** The benchmarks that failed so far, in run order. */
    List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** The first line of a throwable as JMH prints it: the message of a user error, else "Type: message". */
    static String reasonOf(String throwableText) {
        String first = throwableText.strip().lines().findFirst().orElse("").strip();
        String userError = VitwattException.class.getName() + ": ";
        int at = first.indexOf(userError);
        if (at >= 0) {
            return first.substring(at + userError.length());
        }
        int colon = first.indexOf(": ");
        String type = colon < 0 ? first : first.substring(0, colon);
        if (type.contains(".") && !type.contains(" ") && (type.endsWith("Exception") || type.endsWith("Error"))) {
            String simple = type.substring(type.lastIndexOf('.') + 1);
            return colon < 0 ? simple : simple + first.substring(colon);
        }
        return first;
    }

    private static String describe(BenchmarkParams p) {
        if (p == null) {
            return "a benchmark";
        }
        String name = p.getBenchmark().replaceFirst("^.*\\.([^.]+\\.[^.]+)$", "$1");
        TreeMap<String, String> params = new TreeMap<>();
        for (String k : p.getParamsKeys()) {
            params.put(k, p.getParam(k));
        }
        return name + " " + params;
    }

    @Override
    public void startBenchmark(BenchmarkParams benchParams) {
        closeUnended();
        current = benchParams;
        open = true;
        afterMarker = false;
        reason = null;
        super.startBenchmark(benchParams);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        if (result == null || reason != null) {
            failures.add(new Failure(describe(current), reason != null ? reason : "it produced no result"));
        }
        reason = null;
        afterMarker = false;
        open = false;
        super.endBenchmark(result);
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        closeUnended();
        super.endRun(result);
    }

    /** A benchmark JMH started and never ended (its fork failed): a failure, with the reason seen so far. */
    private void closeUnended() {
        if (open) {
            failures.add(new Failure(describe(current), reason != null ? reason : "its fork ended without a result"));
        }
        open = false;
        reason = null;
        afterMarker = false;
        forkExit = null;
        inForkStderr = false;
    }

    @Override
    public void println(String s) {
        if (s != null && s.startsWith(FORK_EXIT)) {
            forkExit = s.substring(1, s.length() - 1);
            if (reason == null) {
                reason = forkExit;
            }
        } else if (forkExit != null && s != null && s.startsWith("<stderr last=")) {
            inForkStderr = true;
        } else if (inForkStderr && s != null && s.startsWith("</stderr>")) {
            inForkStderr = false;
            forkExit = null;
        } else if (inForkStderr && forkExit != null && s != null && !s.isBlank() && reason.equals(forkExit)) {
            reason = forkExit + ": " + s.strip();
        } else if (MARKER.equals(s)) {
            afterMarker = true;
        } else if (afterMarker && reason == null && s != null && !s.isBlank()) {
            reason = reasonOf(s);
            afterMarker = false;
        }
        super.println(s);
    }

}
