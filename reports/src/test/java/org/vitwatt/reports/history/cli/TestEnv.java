package org.vitwatt.reports.history.cli;

import java.util.Map;

/** Runs code with the history commands seeing another environment (VITWATT_DB, VITWATT_DB_PASSWORD, ...). */
public final class TestEnv {
    private TestEnv() {
    }

    /** Code that may throw. */
    public interface Body {
        void run() throws Exception;
    }

    public static synchronized void withEnv(Map<String, String> env, Body body) throws Exception {
        Map<String, String> old = HistoryCli.environment;
        HistoryCli.environment = env;
        try {
            body.run();
        } finally {
            HistoryCli.environment = old;
        }
    }
}
