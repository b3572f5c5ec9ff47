package org.vitwatt.reports.history;

import java.util.List;

/**
 * The history database's schema, as an ordered list of migrations. A database records each migration applied in
 * {@code schema_version} (version, description, applied_at); opening it applies, in one transaction, every
 * migration above its highest version. A migration is never edited once released: a change is a new one.
 *
 * <p>The SQL is the subset SQLite and PostgreSQL share: {@code TEXT}, {@code INTEGER}, {@code BIGINT},
 * {@code DOUBLE PRECISION}, composite primary keys, {@code CREATE INDEX IF NOT EXISTS}.
 */
public final class Migrations {
    private Migrations() {
    }

    /**
     * One step of the schema.
     *
     * @param version     its number, 1, 2, ... in order
     * @param description what it does, stored in {@code schema_version}
     * @param statements  the SQL it runs
     */
    public record Migration(int version, String description, List<String> statements) {
    }

    /** The table every database has, created before the migrations. */
    static final String SCHEMA_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version ("
            + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)";

    /** Every migration, in order. */
    public static final List<Migration> ALL = List.of(
            new Migration(1, "runs, results and metrics", List.of(
                    "CREATE TABLE runs ("
                            + "run_id TEXT PRIMARY KEY, "
                            + "id_source TEXT NOT NULL, "          // journal | content-hash
                            + "started TEXT NOT NULL, "            // ISO-8601 UTC
                            + "started_ms BIGINT NOT NULL, "       // the same, epoch milliseconds (ordering)
                            + "tag TEXT, "                         // ingest --tag (a night), NULL when none
                            + "device TEXT NOT NULL, "             // device label
                            + "device_details TEXT NOT NULL, "     // the journal's device object, JSON
                            + "git TEXT NOT NULL, "
                            + "vitwatt TEXT NOT NULL, "
                            + "ort TEXT NOT NULL, "
                            + "jmh TEXT NOT NULL, "
                            + "source TEXT NOT NULL, "             // the file ingested
                            + "journal TEXT, "                     // the journal read with it
                            + "ingested_at TEXT NOT NULL)",
                    "CREATE TABLE results ("
                            + "run_id TEXT NOT NULL REFERENCES runs (run_id), "
                            + "bench_key TEXT NOT NULL, "          // benchmark|mode|params as JSON: the natural key
                            + "device TEXT NOT NULL, "
                            + "benchmark TEXT NOT NULL, "
                            + "mode TEXT NOT NULL, "
                            + "model TEXT NOT NULL, "              // canonical (catalog id)
                            + "model_param TEXT NOT NULL, "        // as given to -p model
                            + "dataset TEXT NOT NULL, "            // kind: synthetic, cifar10, imagenet, folder:DIR
                            + "dataset_param TEXT NOT NULL, "
                            + "precision TEXT NOT NULL, "
                            + "provider TEXT NOT NULL, "
                            + "batch INTEGER NOT NULL, "
                            + "other_params TEXT NOT NULL, "       // 'threads=0, ...'
                            + "params TEXT NOT NULL, "             // every -p value, JSON object
                            + "sensor TEXT NOT NULL, "             // energy readers: 'nvml', 'ina3221,rapl', 'none'
                            + "forks INTEGER NOT NULL, "
                            + "PRIMARY KEY (run_id, bench_key))",
                    "CREATE TABLE metrics ("
                            + "run_id TEXT NOT NULL, "
                            + "bench_key TEXT NOT NULL, "
                            + "label TEXT NOT NULL, "              // 'primary', 'primary.p50', or the JMH label
                            + "score DOUBLE PRECISION NOT NULL, "
                            + "error DOUBLE PRECISION, "           // half-width of the 99.9 % CI; NULL when unknown
                            + "ci_low DOUBLE PRECISION, "
                            + "ci_high DOUBLE PRECISION, "
                            + "unit TEXT NOT NULL, "
                            + "n INTEGER NOT NULL, "               // runs (forks) behind the score
                            + "PRIMARY KEY (run_id, bench_key, label), "
                            + "FOREIGN KEY (run_id, bench_key) REFERENCES results (run_id, bench_key))")),
            new Migration(2, "indexes for compare and trend; view history", List.of(
                    "CREATE INDEX IF NOT EXISTS runs_device_started ON runs (device, started_ms)",
                    "CREATE INDEX IF NOT EXISTS runs_tag ON runs (tag)",
                    "CREATE INDEX IF NOT EXISTS results_model ON results (model, precision, device)",
                    "CREATE VIEW history AS SELECT u.run_id, u.started, u.tag, u.device, u.git, u.vitwatt, u.ort, "
                            + "r.benchmark, r.mode, r.model, r.dataset, r.precision, r.provider, r.batch, "
                            + "r.other_params, r.sensor, m.label, m.score, m.error, m.ci_low, m.ci_high, m.unit, m.n "
                            + "FROM runs u JOIN results r ON r.run_id = u.run_id "
                            + "JOIN metrics m ON m.run_id = r.run_id AND m.bench_key = r.bench_key")));

    /** The schema version this program writes and reads. */
    public static int latest() {
        return ALL.get(ALL.size() - 1).version();
    }
}
