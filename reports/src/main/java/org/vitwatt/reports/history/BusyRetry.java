package org.vitwatt.reports.history;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retrying while the database is busy: connecting, and running a transaction — rolled back and run again (up to
 * {@value #ATTEMPTS} times, with a growing pause) when SQLite reports {@code SQLITE_BUSY} / {@code SQLITE_LOCKED}
 * or PostgreSQL a serialization failure (40001) or deadlock (40P01). Every message is scrubbed of the URL's password.
 */
final class BusyRetry {
    /** Attempts of one transaction or connection when the database is busy. */
    static final int ATTEMPTS = 12;

    private static final System.Logger LOG = System.getLogger(BusyRetry.class.getName());

    private BusyRetry() {
    }

    static Connection connect(DbUrl url, Properties props) throws SQLException {
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

    static <T> T inTransaction(HistoryDb db, String what, HistoryDb.Work<T> work) throws HistoryException {
        Connection conn = db.connection();
        for (int attempt = 1;; attempt++) {
            try {
                conn.setAutoCommit(false);
                T out = work.run(conn);
                conn.commit();
                conn.setAutoCommit(true);
                return out;
            } catch (SQLException e) {
                rollbackQuietly(conn);
                if (attempt < ATTEMPTS && retryable(e)) {
                    LOG.log(System.Logger.Level.DEBUG, "{0}: {1}, attempt {2}: {3}; retrying", db.url().describe(),
                            what, attempt, db.url().scrub(HistoryDb.oneLine(e)));
                    pause(attempt);
                    continue;
                }
                throw db.failure(what, e);
            } catch (RuntimeException e) {
                rollbackQuietly(conn);
                throw e;
            }
        }
    }

    private static void rollbackQuietly(Connection conn) {
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
}
