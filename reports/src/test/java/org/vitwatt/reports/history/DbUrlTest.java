package org.vitwatt.reports.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vitwatt.reports.history.HistoryFixtures.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitwatt.reports.Fixtures;

/** --db resolution and the rule that no password is ever printed or logged. */
class DbUrlTest {
    static final String SECRET = "s3cr3t-Pw";

    @TempDir
    Path dir;

    @Test
    void aFileOrASqliteUrlIsSqliteAnyOtherJdbcUrlIsUsedAsIs() throws Exception {
        DbUrl f = DbUrl.resolve("nightly/history.db", Map.of());
        assertEquals("jdbc:sqlite:nightly/history.db", f.url());
        assertEquals(DbUrl.Dialect.SQLITE, f.dialect());
        assertEquals(Path.of("nightly/history.db"), f.sqliteFile());
        DbUrl u = DbUrl.resolve("jdbc:sqlite:/tmp/x.db?busy_timeout=100", Map.of());
        assertEquals(Path.of("/tmp/x.db"), u.sqliteFile());
        assertNull(DbUrl.resolve("jdbc:sqlite::memory:", Map.of()).sqliteFile());
        DbUrl pg = DbUrl.resolve("jdbc:postgresql://db:5432/v?user=u", Map.of(DbUrl.ENV_PASSWORD, SECRET));
        assertEquals(DbUrl.Dialect.POSTGRESQL, pg.dialect());
        assertEquals(SECRET, pg.password());
        assertEquals("jdbc:sqlite:env.db", DbUrl.resolve(null, Map.of(DbUrl.ENV_DB, "env.db")).url());
        assertEquals("jdbc:sqlite:flag.db", DbUrl.resolve("flag.db", Map.of(DbUrl.ENV_DB, "env.db")).url());
    }

    @Test
    void passwordsAreMaskedInUrlsAndInAnyMessage() throws Exception {
        for (String url : List.of("jdbc:postgresql://db:5432/v?user=u&password=" + SECRET + "&ssl=true",
                "jdbc:postgresql://db:5432/v?password=" + SECRET,
                "jdbc:mysql://u:" + SECRET + "@db:3306/v",
                "jdbc:sqlserver://db;user=u;password=" + SECRET + ";encrypt=true",
                "jdbc:postgresql://db/v?PASSWORD=" + SECRET)) {
            DbUrl d = DbUrl.resolve(url, Map.of());
            assertFalse(d.masked().contains(SECRET), d.masked());
            assertTrue(d.masked().contains(DbUrl.MASK), d.masked());
            assertFalse(d.toString().contains(SECRET), "toString is the masked form");
            String driverMessage = "FATAL: no suitable driver found for " + url + " (secret " + SECRET + ")";
            assertFalse(d.scrub(driverMessage).contains(SECRET), d.scrub(driverMessage));
        }
        DbUrl env = DbUrl.resolve("jdbc:postgresql://db/v?user=u", Map.of(DbUrl.ENV_PASSWORD, SECRET));
        assertFalse(env.scrub("password authentication failed: " + SECRET).contains(SECRET));
        DbUrl encoded = DbUrl.resolve("jdbc:postgresql://db/v?password=a%26b%3Dc", Map.of());
        assertFalse(encoded.scrub("sent a&b=c").contains("a&b=c"), "the decoded form is a secret too");
    }

    @Test
    void noCommandPrintsOrLogsThePassword() throws Exception {
        Path json = Fixtures.write(dir.resolve("r.json"), Fixtures.real());
        List<String> logged = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(String.valueOf(r.getMessage()) + " " + Arrays.toString(r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("org.vitwatt");
        Level old = root.getLevel();
        root.setLevel(Level.ALL);
        root.addHandler(h);
        try {
            // a server that is not there (port 1), a driver that does not exist, a password from the environment
            String refused = "jdbc:postgresql://127.0.0.1:1/vitwatt?user=u&password=" + SECRET + "&connectTimeout=2";
            String noDriver = "jdbc:nosuchdb://u:" + SECRET + "@host/db?password=" + SECRET;
            for (String[] args : List.of(
                    new String[] {"ingest", json.toString(), "--db", refused},
                    new String[] {"compare", "--db", refused},
                    new String[] {"trend", "--db", refused, "--metric", "latency", "--out", dir.toString()},
                    new String[] {"ingest", json.toString(), "--db", noDriver},
                    new String[] {"ingest", json.toString(), "--dbx", refused},
                    new String[] {"compare", "--db", noDriver, "--bogus", "password=" + SECRET})) {
                HistoryFixtures.Run r = cli(args);
                assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.err());
                assertFalse(r.err().contains(SECRET) || r.out().contains(SECRET), r.err());
                assertFalse(r.err().strip().contains("\n"), "one line: " + r.err());
            }
            HistoryFixtures.Run r = cli("ingest", json.toString(), "--db", refused);
            assertTrue(r.err().startsWith("vitwatt-reports: --db jdbc:postgresql://127.0.0.1:1/vitwatt?user=u&password="
                    + DbUrl.MASK + "&connectTimeout=2: cannot open the history database: "), r.err());
            HistoryFixtures.Run e = cli(Map.of(DbUrl.ENV_PASSWORD, SECRET, DbUrl.ENV_DB,
                    "jdbc:postgresql://127.0.0.1:1/v?connectTimeout=2"), "ingest", json.toString());
            assertEquals(2, e.code(), e.err());
            assertFalse(e.err().contains(SECRET), e.err());
        } finally {
            root.removeHandler(h);
            root.setLevel(old);
        }
        for (String l : logged) {
            assertFalse(l.contains(SECRET), l);
        }
    }
}
