package org.vitwatt.reports.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Brings a database's schema forward to {@link Migrations#latest()}: in one transaction (holding PostgreSQL's
 * advisory lock {@code "vitw"}, so that two writers racing to create the schema apply each migration once), every
 * migration above the recorded version; a schema newer than this program knows is refused.
 */
final class SchemaMigrator {
    /** PostgreSQL advisory lock key that serialises migrations ("vitw"). */
    private static final long MIGRATION_LOCK = 0x76697477L;

    private static final System.Logger LOG = System.getLogger(SchemaMigrator.class.getName());

    private SchemaMigrator() {
    }

    /**
     * Applies the migrations above the database's version, up to {@code upTo}, in one locked transaction; returns
     * the version the database had (0: new) and the version it has now.
     */
    static int[] migrate(HistoryDb db, int upTo) throws HistoryException {
        DbUrl url = db.url();
        Connection conn = db.connection();
        int[] migratedFrom = new int[1];
        int current = currentVersion(conn);
        migratedFrom[0] = Math.max(0, current);
        if (current > Migrations.latest()) {
            throw newer(url, current);
        }
        if (current >= upTo) {
            return new int[] {migratedFrom[0], current};
        }
        int schemaVersion = db.inTransaction("migrating the schema", c -> {
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
                migratedFrom[0] = v;
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
            throw newer(url, schemaVersion);
        }
        return new int[] {migratedFrom[0], schemaVersion};
    }

    private static HistoryException newer(DbUrl url, int v) {
        return new HistoryException(HistoryException.Kind.SCHEMA_NEWER, "--db " + url.describe() + ": the database's "
                + "schema is version " + v + ", newer than this vitwatt-reports knows (" + Migrations.latest()
                + "): use a newer vitwatt-reports");
    }

    /** The schema version, read without a transaction; 0 when the database has no schema_version table. */
    private static int currentVersion(Connection conn) {
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
            if (BusyRetry.retryable(e)) {
                return -1;
            }
            return 0;
        }
    }
}
