package org.vitwatt.reports.history;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server from Debian's server binaries ({@code /usr/lib/postgresql/VERSION/bin}): initdb
 * in a temporary directory with a password (SCRAM), started by pg_ctl on a free loopback port. As root it runs as
 * the {@code postgres} user (else {@code nobody}) through runuser, because initdb and postgres refuse root.
 */
public final class PostgresServer implements AutoCloseable {
    /** The superuser the tests connect as. */
    public static final String USER = "vitwatt";

    private final Path bin;
    private final Path data;
    private final Path home;
    private final String runAs;
    private final int port;
    private final String password;

    private PostgresServer(Path bin, Path home, String runAs, int port, String password) {
        this.bin = bin;
        this.home = home;
        this.data = home.resolve("data");
        this.runAs = runAs;
        this.port = port;
        this.password = password;
    }

    /** The newest {@code /usr/lib/postgresql/V/bin} with initdb, pg_ctl and postgres, if any. */
    public static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl"))
                            && Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparingInt(PostgresServer::major));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int major(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** The version directory, e.g. 15. */
    public String version() {
        return bin.getParent().getFileName().toString();
    }

    /** Who the server runs as ("" = the current user). */
    public String runsAs() {
        return runAs;
    }

    /** A JDBC URL of database {@code db} with the user and password in it. */
    public String url(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=" + USER + "&password=" + password;
    }

    /** Creates a database. */
    public void createDatabase(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
    }

    /**
     * Initialises and starts a server under {@code base}.
     *
     * @param durable false for tests: fsync and synchronous commit off (faster; nothing survives a power cut)
     */
    public static PostgresServer start(Path bin, Path base, boolean durable) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        String runAs = "";
        Path home = base.resolve("pg");
        Files.createDirectories(home);
        if (root) {
            runAs = userExists("postgres") ? "postgres" : "nobody";
            // the server user must reach its directory: let it traverse (x only) the temporary directories above it
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
            for (Path p = home.toAbsolutePath().normalize().getParent(); p != null && p.startsWith(tmp)
                    && !p.equals(tmp); p = p.getParent()) {
                var perms = Files.getPosixFilePermissions(p);
                if (perms.add(PosixFilePermission.OTHERS_EXECUTE)) {
                    Files.setPosixFilePermissions(p, perms);
                }
            }
            UserPrincipal owner = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs);
            Files.setOwner(home, owner);
        }
        byte[] r = new byte[12];
        new SecureRandom().nextBytes(r);
        String password = "pw-" + HexFormat.of().formatHex(r);
        Path pw = home.resolve("pwfile");
        Files.writeString(pw, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        if (root) {
            Files.setOwner(pw, home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(runAs));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PostgresServer srv = new PostgresServer(bin, home, runAs, port, password);
        srv.run(120, bin.resolve("initdb").toString(), "-D", srv.data.toString(), "-U", USER, "--pwfile=" + pw,
                "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync");
        Files.delete(pw);
        String opts = "-p " + port + " -k " + home + " -c listen_addresses=127.0.0.1 -c max_connections=40"
                + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        srv.run(120, bin.resolve("pg_ctl").toString(), "-D", srv.data.toString(), "-l", home.resolve("server.log")
                .toString(), "-w", "-t", "60", "-o", opts, "start");
        return srv;
    }

    private static boolean userExists(String user) {
        try {
            Process p = new ProcessBuilder("id", "-u", user).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private void run(int timeoutS, String... cmd) throws Exception {
        List<String> full = new ArrayList<>();
        if (!runAs.isEmpty()) {
            if (Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser"))) {
                full.addAll(List.of("runuser", "-u", runAs, "--"));
            } else {
                full.addAll(List.of("setpriv", "--reuid=" + runAs, "--regid=" + runAs, "--init-groups", "--"));
            }
        }
        full.addAll(List.of(cmd));
        Path log = home.resolve("commands.log");
        ProcessBuilder pb = new ProcessBuilder(full).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": still running after " + timeoutS + " s; " + tail(log));
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", full) + ": exit code " + p.exitValue() + "; " + tail(log)
                    + tail(home.resolve("server.log")));
        }
    }

    private static String tail(Path f) {
        try {
            String s = Files.readString(f);
            return s.substring(Math.max(0, s.length() - 2000));
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the server (fast shutdown). */
    @Override
    public void close() throws Exception {
        run(60, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
    }
}
