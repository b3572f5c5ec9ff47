package org.vitwatt.bench;


import java.util.ArrayList;

import java.util.List;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;

import org.openjdk.jmh.results.BenchmarkResult;


import org.openjdk.jmh.runner.format.OutputFormat;
import org.vitwatt.bench.output.ForwardingOutputFormat;
import org.vitwatt.feedback.VitwattException;

/**
 * JMH's console output, unchanged, while it notes every benchmark that failed. JMH (1.37, {@code BaseRunner.doSingle})
 * reports a benchmark that throws — in its setup, a fork, or the measured method — by printing {@code <failure>}
 * followed by the stack trace, drops its result and goes on, so a run whose every benchmark failed still exits 0 with
 * a JSON of {@code [ ]}. This watch keeps, per failed benchmark, its parameters and the first line of the error (the
 * message alone for a {@link VitwattException}), so the launcher can say so in one line each and exit non-zero.
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
    private final List<Failure> failures = new ArrayList<>();
    private BenchmarkParams current;
    private boolean afterMarker;
    private String reason;

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
        current = benchParams;
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
        super.endBenchmark(result);
    }

    @Override
    public void println(String s) {
        if (MARKER.equals(s)) {
            afterMarker = true;
        } else if (afterMarker && reason == null && s != null && !s.isBlank()) {
            reason = reasonOf(s);
            afterMarker = false;
        }
        super.println(s);
    }

}
