package org.vitwatt.reports.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;
import org.vitwatt.reports.input.InputException;
import org.vitwatt.reports.input.IoFailure;

/**
 * One connection to the history database, its schema migrated forward to {@link Migrations#latest()}
 * ({@link SchemaMigrator}).
 *
 * <p>Writes run in transactions ({@link #inTransaction}) that are retried when the database is busy
 * ({@link BusyRetry}): SQLite connections wait up to {@link #BUSY_TIMEOUT_MS} for a lock (busy timeout) and take the
 * write lock when a transaction begins ({@code BEGIN IMMEDIATE}), so two writers queue instead of failing. Every
 * message is scrubbed of the URL's password ({@link DbUrl#scrub}).
 */
public final class HistoryDb implements AutoCloseable {
    /** How long a SQLite connection waits for another writer's lock before a statement fails (ms). */
    public static final int BUSY_TIMEOUT_MS = 30_000;
    /** The first 16 bytes of every SQLite 3 database file (sqlite.org/fileformat.html, "The Database Header"). */
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

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
            checkSqliteFile(url.sqliteFile(), mode);
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
            c = BusyRetry.connect(url, props);
        } catch (SQLException e) {
            throw new HistoryException(HistoryException.Kind.CONNECT, "--db " + url.describe() + ": cannot open the "
                    + "history database: " + url.scrub(oneLine(e)));
        }
        HistoryDb db = new HistoryDb(url, c);
        try {
            int[] versions = SchemaMigrator.migrate(db, upTo);
            db.migratedFrom = versions[0];
            db.schemaVersion = versions[1];
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        LOG.log(System.Logger.Level.DEBUG, "opened {0}, schema version {1}", url.masked(), db.schemaVersion);
        return db;
    }

    /**
     * A SQLite file that must exist does, is not a directory, and is a SQLite database (its header says so) or
     * empty; a new one's directory is created.
     */
    private static void checkSqliteFile(Path f, Mode mode) throws InputException {
        if (mode == Mode.EXISTING && !Files.exists(f)) {
            throw new InputException(InputException.Kind.BAD_OPTION, "--db " + f + ": no such database file "
                    + "(ingest results into it first, or give the right --db / " + DbUrl.ENV_DB + ")");
        }
        if (Files.isDirectory(f)) {
            throw new InputException(InputException.Kind.BAD_OPTION, "--db " + f + ": is a directory, not a SQLite "
                    + "database file");
        }
        if (Files.isRegularFile(f)) {
            byte[] head = new byte[SQLITE_HEADER.length];
            int n;
            try (InputStream in = Files.newInputStream(f)) {
                n = in.readNBytes(head, 0, head.length);
            } catch (IOException e) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--db " + f + ": cannot read it: "
                        + IoFailure.describe(f, e));
            }
            if (n > 0 && !Arrays.equals(head, SQLITE_HEADER)) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--db " + f + ": is not a SQLite database "
                        + "(it does not start with \"SQLite format 3\"): give the history database file, or a new "
                        + "file name for ingest to create one");
            }
        }
        Path parent = f.toAbsolutePath().getParent();
        if (mode == Mode.CREATE && parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new InputException(InputException.Kind.BAD_OPTION, "--db " + f + ": cannot create its "
                        + "directory " + parent + ": " + IoFailure.describe(parent, e));
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
     * Runs {@code work} in one transaction and commits it; rolls back and runs it again while the database is busy
     * ({@link BusyRetry}).
     */
    public <T> T inTransaction(String what, Work<T> work) throws HistoryException {
        return BusyRetry.inTransaction(this, what, work);
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
