package dev.tcpfleet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL 15 server of a test's own (initdb into a temp folder, on a free port, its unix socket in that folder
 * too), for tests that stop and start the database: the machine's shared server must never be stopped, as other tests
 * use it. Run as root (as the e2e tests are), the server runs as the {@code postgres} OS user, since initdb and
 * postgres refuse root. Trust authentication for user {@code postgres}, like the shared server.
 *
 * <p>{@link #close} stops the server and deletes its folder; a shutdown hook does the same when the JVM exits without
 * closing it, so a failing run leaves no postmaster behind.
 */
public final class PrivatePostgres implements AutoCloseable {
    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final String USER = "postgres";

    private final Path dir;
    private final int port;
    private final boolean asRoot;
    private final ExitCleanup cleanup;

    private PrivatePostgres(Path dir, int port, boolean asRoot) {
        this.dir = dir;
        this.port = port;
        this.asRoot = asRoot;
        this.cleanup = new ExitCleanup("postgres-cleanup-" + port, this::cleanUp);
    }

    /** Creates the cluster and starts it; whatever was made is removed again if that fails. */
    public static PrivatePostgres start() {
        boolean asRoot = "0".equals(NetNamespace.runOnHost(List.of("id", "-u")).trim());
        Path dir;
        try {
            dir = Files.createTempDirectory("tcpfleet-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PrivatePostgres server = new PrivatePostgres(dir, FreePorts.next(), asRoot);
        try {
            if (server.asRoot) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, users.lookupPrincipalByName(USER));
            }
            server.run("initdb", "--pgdata=" + server.data(), "--username=" + USER, "--auth=trust",
                    "--encoding=UTF8", "--no-sync");
            server.startAgain();
            return server;
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** A database of its own on this server, dropped when it closes. */
    public TestDatabase createDatabase() {
        return TestDatabase.createOn("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
    }

    /** {@code pg_ctl stop -m fast}: sessions are ended and the server shuts down cleanly; returns once it is down. */
    public void stop() {
        run("pg_ctl", "stop", "--pgdata=" + data(), "--mode=fast", "--wait");
    }

    /** Starts the stopped server again on the same port and data; returns once it accepts connections. */
    public void startAgain() {
        run("pg_ctl", "start", "--pgdata=" + data(), "--log=" + dir.resolve("server.log"), "--wait", "--timeout=60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off");
    }

    @Override
    public void close() {
        cleanup.run();
    }

    private void cleanUp() {
        try {
            if (Files.exists(data().resolve("postmaster.pid"))) {
                run("pg_ctl", "stop", "--pgdata=" + data(), "--mode=immediate", "--wait");
            }
        } catch (RuntimeException e) {
            // deleting the folder below still happens; a server that would not stop loses its files
        }
        KafkaBrokerProcess.deleteRecursively(dir);
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void run(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (asRoot) {
            command.addAll(List.of("runuser", "-u", USER, "--"));
        }
        command.add(BIN.resolve(program).toString());
        command.addAll(List.of(args));
        NetNamespace.runOnHost(command);
    }
}
