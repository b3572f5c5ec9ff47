package org.vitwatt.reports.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.vitwatt.reports.input.InputException;

/**
 * One connection to the history database, its schema migrated forward to {@link Migrations#latest()}.
 *
 * <p>Writes run in transactions ({@link #inTransaction}) that are retried when the database is busy: SQLite
 * connections wait up to {@link #BUSY_TIMEOUT_MS} for a lock (busy timeout) and take the write lock when a
 * transaction begins ({@code BEGIN IMMEDIATE}), so two writers queue instead of failing; a transaction that still
 * meets {@code SQLITE_BUSY}, or a PostgreSQL serialization failure or deadlock, is rolled back and run again. Every
 * message is scrubbed of the URL's password ({@link DbUrl#scrub}).
 */
public final class HistoryDb implements AutoCloseable {
    /** How long a SQLite connection waits for another writer's lock before a statement fails (ms). */
    public static final int BUSY_TIMEOUT_MS = 30_000;
    /** Attempts of one transaction when the database is busy. */
    static final int ATTEMPTS = 12;
    /** PostgreSQL advisory lock key that serialises migrations ("vitw"). */
    private static final long MIGRATION_LOCK = 0x76697477L;

    private static final System.Logger LOG = System.getLogger(HistoryDb.class.getName());

    private final DbUrl url;
    private final Connection conn;
    private int schemaVersion;
    private int migratedFrom;

    private HistoryDb(DbUrl url, Connection conn) {
        this.url = url;
        this.conn = conn;
    }

    /** Whether opening may create the database (ingest) or it must exist already (compare, trend). */
    public enum Mode {
        CREATE, EXISTING
    }

    /** Work done in a transaction; may run several times when the database is busy. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Opens the database and migrates its schema forward to {@link Migrations#latest()}. */
    public static HistoryDb open(DbUrl url, Mode mode) throws InputException, HistoryException {
        return open(url, mode, Migrations.latest());
    }

    /** Opens the database and applies the migrations up to {@code upTo} (tests: an old schema). */
    static HistoryDb open(DbUrl url, Mode mode, int upTo) throws InputException, HistoryException {
        if (url.sqliteFile() != null) {
            Path f = url.sqliteFile();
            if (mode == Mode.EXISTING && !Files.exists(f)) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--db " + f + ": no such database file "
                        + "(ingest results into it first, or give the right --db / " + DbUrl.ENV_DB + ")");
            }
            if (Files.isDirectory(f)) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--db " + f + ": is a directory, not a "
                        + "SQLite database file");
            }
            Path parent = f.toAbsolutePath().getParent();
            if (mode == Mode.CREATE && parent != null && !Files.isDirectory(parent)) {
                try {
                    Files.createDirectories(parent);
                } catch (IOException e) {
                    throw new InputException(InputException.Kind.BAD_OPTION, "--db " + f + ": cannot create its "
                            + "directory " + parent + " (" + e.getClass().getSimpleName() + ")");
                }
            }
        }
        Properties props = new Properties();
        if (url.user() != null) {
            props.setProperty("user", url.user());
        }
        if (url.password() != null) {
            props.setProperty("password", url.password());
        }
        switch (url.dialect()) {
            case SQLITE -> {
                props.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
                props.setProperty("transaction_mode", "IMMEDIATE");
            }
            case POSTGRESQL -> {
                props.setProperty("ApplicationName", "vitwatt-reports");
                props.setProperty("connectTimeout", "15");
            }
            default -> {
            }
        }
        Connection c;
        try {
            c = connectRetrying(url, props);
        } catch (SQLException e) {
            throw new HistoryException(HistoryException.Kind.CONNECT, "--db " + url.describe() + ": cannot open the "
                    + "history database: " + url.scrub(oneLine(e)));
        }
        HistoryDb db = new HistoryDb(url, c);
        try {
            db.migrate(upTo);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, "opened {0}, schema version {1}", url.masked(), db.schemaVersion);
        return db;
    }

    private static Connection connectRetrying(DbUrl url, Properties props) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try {
                return DriverManager.getConnection(url.url(), props);
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !retryable(e)) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    /** The URL, for messages (print {@link DbUrl#masked()} or {@link DbUrl#describe()}, never the URL). */
    public DbUrl url() {
        return url;
    }

    /** The connection, for the history package's queries. */
    public Connection connection() {
        return conn;
    }

    /** The schema version after opening. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** The schema version the database had before opening (0: new), = {@link #schemaVersion()} when unchanged. */
    public int migratedFrom() {
        return migratedFrom;
    }

    /** The SQL flavour. */
    public DbUrl.Dialect dialect() {
        return url.dialect();
    }

    /** A driver's failure as a one-line message without any password, naming the database. */
    public HistoryException failure(String what, SQLException e) {
        return new HistoryException(HistoryException.Kind.SQL, url.describe() + ": " + what + ": "
                + url.scrub(oneLine(e)));
    }

    static String oneLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.replaceAll("\\s*\\R\\s*", " ").strip();
        String state = e.getSQLState();
        return state == null || state.isEmpty() || m.contains(state) ? m : m + " (SQLState " + state + ")";
    }

    /**
     * Runs {@code work} in one transaction and commits it; rolls back and runs it again (up to {@value #ATTEMPTS}
     * times, with a growing pause) while the database is busy or PostgreSQL reports a serialization failure or
     * deadlock.
     */
    public <T> T inTransaction(String what, Work<T> work) throws HistoryException {
        for (int attempt = 1;; attempt++) {
            try {
                conn.setAutoCommit(false);
                T out = work.run(conn);
                conn.commit();
                conn.setAutoCommit(true);
                return out;
            } catch (SQLException e) {
                rollbackQuietly();
                if (attempt < ATTEMPTS && retryable(e)) {
                    LOG.log(System.Logger.Level.DEBUG, "{0}: {1}, attempt {2}: {3}; retrying", url.describe(), what,
                            attempt, url.scrub(oneLine(e)));
                    pause(attempt);
                    continue;
                }
                throw failure(what, e);
            } catch (RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
        }
    }

    private void rollbackQuietly() {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // the connection is broken or no transaction was open: the original failure is what matters
        }
        try {
            conn.setAutoCommit(true);
        } catch (SQLException ignored) {
            // as above
        }
    }

    /** True for a failure that a later attempt can avoid: busy or locked SQLite, PostgreSQL 40001 / 40P01. */
    static boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if ("40001".equals(state) || "40P01".equals(state)) {
                    return true;
                }
                int code = s.getErrorCode() & 0xff;
                String m = s.getMessage() == null ? "" : s.getMessage();
                if (t.getClass().getName().startsWith("org.sqlite.") && (code == 5 || code == 6)) {
                    return true;
                }
                if (m.contains("SQLITE_BUSY") || m.contains("SQLITE_LOCKED") || m.contains("database is locked")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        long ms = Math.min(2_000, 20L << Math.min(attempt, 7)) + ThreadLocalRandom.current().nextLong(20);
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Applies the migrations above the database's version, up to {@code upTo}, in one locked transaction. */
    private void migrate(int upTo) throws HistoryException {
        int current = currentVersion();
        migratedFrom = Math.max(0, current);
        if (current > Migrations.latest()) {
            throw newer(current);
        }
        if (current >= upTo) {
            schemaVersion = current;
            return;
        }
        schemaVersion = inTransaction("migrating the schema", c -> {
            try (Statement s = c.createStatement()) {
                if (url.dialect() == DbUrl.Dialect.POSTGRESQL) {
                    s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                }
                s.execute(Migrations.SCHEMA_VERSION_TABLE);
                int v;
                try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                    rs.next();
                    v = rs.getInt(1);
                }
                migratedFrom = v;
                if (v > Migrations.latest()) {
                    return v; // reported below, outside the transaction
                }
                for (Migrations.Migration m : Migrations.ALL) {
                    if (m.version() <= v || m.version() > upTo) {
                        continue;
                    }
                    for (String sql : m.statements()) {
                        s.execute(sql);
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                        ps.setInt(1, m.version());
                        ps.setString(2, m.description());
                        ps.setString(3, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                        ps.executeUpdate();
                    }
                    LOG.log(System.Logger.Level.DEBUG, "{0}: schema migrated to version {1} ({2})", url.describe(),
                            m.version(), m.description());
                    v = m.version();
                }
                return v;
            }
        });
        if (schemaVersion > Migrations.latest()) {
            throw newer(schemaVersion);
        }
    }

    private HistoryException newer(int v) {
        return new HistoryException(HistoryException.Kind.SCHEMA_NEWER, "--db " + url.describe() + ": the database's "
                + "schema is version " + v + ", newer than this vitwatt-reports knows (" + Migrations.latest()
                + "): use a newer vitwatt-reports");
    }

    /** The schema version, read without a transaction; 0 when the database has no schema_version table. */
    private int currentVersion() throws HistoryException {
        try (Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            // no table yet (every dialect words this differently): the migration transaction finds out for sure
            try {
                if (!conn.getAutoCommit()) {
                    conn.rollback();
                }
            } catch (SQLException ignored) {
                // nothing to undo
            }
            if (retryable(e)) {
                return -1;
            }
            return 0;
        }
    }

    @Override
    public void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0}: closing: {1}", url.describe(), url.scrub(oneLine(e)));
        }
    }
}
