package org.vitwatt.reports.history;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vitwatt.reports.input.InputException;

/**
 * Where the history database is: the {@code --db} value (or {@code $VITWATT_DB}) made a JDBC URL, with every
 * secret it carries known so that no message ever shows it.
 *
 * <p>{@code --db FILE} and {@code --db jdbc:sqlite:FILE} are a SQLite file; any other {@code jdbc:} URL is used as
 * is (PostgreSQL for a fleet: {@code jdbc:postgresql://host:5432/vitwatt?user=u&password=p}). Credentials may also
 * come from {@code $VITWATT_DB_USER} and {@code $VITWATT_DB_PASSWORD}, which never appear in a URL. Every message
 * about the database goes through {@link #scrub(String)}: the password of the URL (a {@code password=} property or
 * the {@code user:password@} of an authority) and of {@code $VITWATT_DB_PASSWORD} becomes {@value #MASK}.
 *
 * @param url       the JDBC URL to connect to (may hold a password: never print it, print {@link #masked()})
 * @param dialect   what SQL the database speaks
 * @param sqliteFile the file of a SQLite database, null for a server or an in-memory database
 * @param user      user from {@code $VITWATT_DB_USER}, null when unset
 * @param password  password from {@code $VITWATT_DB_PASSWORD}, null when unset
 */
public record DbUrl(String url, Dialect dialect, Path sqliteFile, String user, String password) {
    /** What a password is replaced with in every message. */
    public static final String MASK = "***";
    /** The environment variable naming the database when {@code --db} is not given. */
    public static final String ENV_DB = "VITWATT_DB";
    public static final String ENV_USER = "VITWATT_DB_USER";
    public static final String ENV_PASSWORD = "VITWATT_DB_PASSWORD";

    /** The SQL flavour: how to take the migration lock and what a busy database looks like. */
    public enum Dialect {
        SQLITE, POSTGRESQL, OTHER
    }

    private static final Pattern PASSWORD_PROPERTY = Pattern.compile(
            "(?i)((?:password|passwd|pwd|pass|sslpassword|secret)\\s*=\\s*)([^&;,\\s)]*)");
    private static final Pattern AUTHORITY_PASSWORD = Pattern.compile("(//[^/:@\\s]*:)([^@/\\s]*)(@)");

    @Override
    public String toString() {
        return masked();
    }

    /**
     * Resolves {@code --db} (or, when null, {@code $VITWATT_DB}); the {@code flag} names the option in messages.
     *
     * @throws InputException BAD_OPTION when neither is given or the value is empty
     */
    public static DbUrl resolve(String given, Map<String, String> env) throws InputException {
        String v = given;
        String from = "--db";
        if (v == null || v.isBlank()) {
            v = env.get(ENV_DB);
            from = "$" + ENV_DB;
        }
        if (v == null || v.isBlank()) {
            throw new InputException(InputException.Kind.BAD_OPTION, "--db: no history database given: use --db FILE "
                    + "(a SQLite file) or --db JDBC-URL, or set " + ENV_DB);
        }
        String user = blankToNull(env.get(ENV_USER));
        String password = blankToNull(env.get(ENV_PASSWORD));
        String s = v.strip();
        if (!s.regionMatches(true, 0, "jdbc:", 0, 5)) {
            Path file = Path.of(s);
            return new DbUrl("jdbc:sqlite:" + file, Dialect.SQLITE, file, user, password);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            String rest = s.substring("jdbc:sqlite:".length());
            int q = rest.indexOf('?');
            String name = q < 0 ? rest : rest.substring(0, q);
            if (name.startsWith("file:")) {
                name = name.substring(5);
            }
            Path file = name.isEmpty() || name.equals(":memory:") || name.startsWith(":resource:") ? null : Path.of(name);
            return new DbUrl(s, Dialect.SQLITE, file, user, password);
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return new DbUrl(s, Dialect.POSTGRESQL, null, user, password);
        }
        if (s.length() <= 5) {
            throw new InputException(InputException.Kind.BAD_OPTION, from + " " + new DbUrl(s, Dialect.OTHER, null,
                    user, password).masked() + ": not a JDBC URL (jdbc:DRIVER:...) nor a file");
        }
        return new DbUrl(s, Dialect.OTHER, null, user, password);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The URL with its password replaced by {@value #MASK}: the only form that may be printed or logged. */
    public String masked() {
        return scrub(url);
    }

    /** A short name for messages: the SQLite file, else the masked URL. */
    public String describe() {
        return sqliteFile != null ? sqliteFile.toString() : masked();
    }

    /** The secrets this URL knows: its password values and {@code $VITWATT_DB_PASSWORD}. */
    List<String> secrets() {
        List<String> out = new ArrayList<>();
        Matcher m = PASSWORD_PROPERTY.matcher(url);
        while (m.find()) {
            addSecret(out, m.group(2));
        }
        Matcher a = AUTHORITY_PASSWORD.matcher(url);
        while (a.find()) {
            addSecret(out, a.group(2));
        }
        if (password != null) {
            addSecret(out, password);
        }
        // longest first, so that a secret containing another is replaced whole
        out.sort((x, y) -> Integer.compare(y.length(), x.length()));
        return out;
    }

    private static void addSecret(List<String> out, String s) {
        if (s != null && !s.isEmpty() && !out.contains(s)) {
            out.add(s);
            String decoded;
            try {
                decoded = URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = s;
            }
            if (!decoded.equals(s) && !decoded.isEmpty() && !out.contains(decoded)) {
                out.add(decoded);
            }
        }
    }

    /**
     * Any text (an exception's message, a log line) with every password of this URL, and anything that looks like
     * a password property or {@code user:password@}, replaced by {@value #MASK}.
     */
    public String scrub(String text) {
        if (text == null) {
            return "";
        }
        String t = text;
        for (String s : secrets()) {
            t = t.replace(s, MASK);
        }
        return scrubPatterns(t);
    }

    /** Masks password properties and {@code user:password@} in any text (no URL known). */
    public static String scrubPatterns(String text) {
        String t = PASSWORD_PROPERTY.matcher(text).replaceAll(mr -> Matcher.quoteReplacement(mr.group(1) + MASK));
        return AUTHORITY_PASSWORD.matcher(t).replaceAll(mr -> Matcher.quoteReplacement(mr.group(1) + MASK + "@"));
    }
}
