package org.vitwatt.reports.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The results of one input: a journal on its own ({@code *.jsonl}), or JMH's JSON with the journal beside it — the
 * JSON's results with the journal's runs and devices, the journal's results instead when the JSON is missing,
 * truncated or empty (with a warning), both when the JSON is partial.
 *
 * @param results     the results, in file order
 * @param source      "jmh-json", "jmh-json+journal" or "journal"
 * @param journal     the journal read, null when none
 * @param diagnostics what was noticed while reading
 */
record InputReader(List<BenchmarkResult> results, String source, Path journal, List<Diagnostic> diagnostics) {

    /** True for an input read as a journal on its own. */
    static boolean isJournal(Path p) {
        return p.getFileName() != null && p.getFileName().toString().endsWith(".jsonl");
    }

    /**
     * Reads input {@code p}.
     *
     * @param journal the journal of a JSON input ({@link JournalChoice}), null when none
     * @param json    reads the JSON (already under way in parallel, or read now)
     */
    static InputReader read(Path p, Path journal, Callable<List<BenchmarkResult>> json) throws InputException {
        List<Diagnostic> diags = new ArrayList<>();
        if (isJournal(p)) {
            Journal j = Journal.read(p);
            diags.addAll(j.diagnostics());
            if (j.results().isEmpty()) {
                diags.add(Diagnostic.note(p + ": the journal has no finished benchmark"));
            }
            return new InputReader(j.results(), "journal", p, diags);
        }
        Journal j = null;
        if (journal != null) {
            j = Journal.read(journal);
            diags.addAll(j.diagnostics());
        }
        List<BenchmarkResult> results;
        try {
            results = json.call();
        } catch (InputException e) {
            boolean fallback = (e.kind() == InputException.Kind.UNREADABLE || e.kind() == InputException.Kind.NOT_JSON)
                    && j != null && !j.results().isEmpty();
            if (!fallback) {
                throw e;
            }
            diags.add(Diagnostic.warning(e.getMessage() + "; reading the " + j.results().size()
                    + " result(s) of its journal " + journal + " instead"));
            return new InputReader(j.results(), "journal", journal, diags);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new InputException(InputException.Kind.UNREADABLE, p + ": cannot read: " + e.getMessage(), e);
        }
        if (results.isEmpty()) {
            if (j == null || j.results().isEmpty()) {
                throw new InputException(InputException.Kind.EMPTY, p + ": empty result list: JMH wrote no benchmark "
                        + "results");
            }
            diags.add(Diagnostic.warning(p + ": empty result list; reading the " + j.results().size()
                    + " result(s) of its journal " + journal + " instead"));
            return new InputReader(j.results(), "journal", journal, diags);
        }
        if (j == null) {
            return new InputReader(results, "jmh-json", null, diags);
        }
        return new InputReader(JournalJoin.join(p, results, j, diags), "jmh-json+journal", journal, diags);
    }
}
