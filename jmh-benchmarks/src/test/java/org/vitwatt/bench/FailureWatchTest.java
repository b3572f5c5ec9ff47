package org.vitwatt.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/** What a failed benchmark leaves in JMH's output, and the one line per failure the launcher prints. */
class FailureWatchTest {
    @Test
    void theReasonIsTheUserErrorsMessageOrTheShortTypeAndMessage() {
        assertEquals("image /d/dog/2.png cannot be decoded", FailureWatch.reasonOf(
                "org.vitwatt.feedback.VitwattException: image /d/dog/2.png cannot be decoded\n\tat x.y(Z.java:1)"));
        assertEquals("IllegalStateException: boom", FailureWatch.reasonOf(
                "java.lang.IllegalStateException: boom\n\tat a.b(C.java:2)\n"));
        assertEquals("OutOfMemoryError", FailureWatch.reasonOf("java.lang.OutOfMemoryError\n\tat a.b(C.java:2)"));
        assertEquals("<forked VM failed with exit code 134>", FailureWatch.reasonOf(
                "<forked VM failed with exit code 134>"));
    }

    @Test
    void aBenchmarkWithoutAResultIsCountedAndTheRunExitsOne() {
        OutputFormat console = OutputFormatFactory.createFormatInstance(new PrintStream(new ByteArrayOutputStream(),
                true, StandardCharsets.UTF_8), VerboseMode.SILENT);
        FailureWatch w = new FailureWatch(console);
        w.startBenchmark(null);
        w.println("<failure>");
        w.println("");
        w.println("org.vitwatt.feedback.VitwattException: the first inference of m at fp32 on cpu failed: bad shape");
        w.endBenchmark(null);
        assertEquals(List.of(new FailureWatch.Failure("a benchmark", "the first inference of m at fp32 on cpu failed: "
                + "bad shape")), w.failures());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, Launcher.failed(w.failures(), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("vitwatt: a benchmark failed: the first inference of m at fp32 on cpu failed: bad shape\n"
                + "vitwatt: 1 benchmark(s) failed and have no result; the others' results were written\n",
                err.toString(StandardCharsets.UTF_8));
        assertEquals(0, Launcher.failed(List.of(), new PrintStream(err, true, StandardCharsets.UTF_8)));
    }

    @Test
    void aForkThatDiesIsAFailureNamedByItsExitAndItsFirstStderrLine() {
        OutputFormat console = OutputFormatFactory.createFormatInstance(new PrintStream(new ByteArrayOutputStream(),
                true, StandardCharsets.UTF_8), VerboseMode.SILENT);
        FailureWatch w = new FailureWatch(console);
        // JMH 1.37 (Runner.runSeparate): the exit line and the fork's output tails, then no endBenchmark at all
        w.startBenchmark(null);
        w.println("<forked VM failed with exit code 1>");
        w.println("<stdout last='20 lines'>");
        w.println("</stdout>");
        w.println("<stderr last='20 lines'>");
        w.println("Unrecognized VM option 'NoSuchOption'");
        w.println("Error: Could not create the Java Virtual Machine.");
        w.println("</stderr>");
        w.println("");
        w.startBenchmark(null);
        w.println("<forked VM failed with exit code 137>");
        w.println("<stderr last='20 lines'>");
        w.println("</stderr>");
        w.endRun(List.of());
        assertEquals(List.of(new FailureWatch.Failure("a benchmark", "forked VM failed with exit code 1: Unrecognized "
                + "VM option 'NoSuchOption'"), new FailureWatch.Failure("a benchmark", "forked VM failed with exit "
                + "code 137")), w.failures());
    }
}
