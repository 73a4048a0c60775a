package io.tunepipe.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A real PostgreSQL server from the zonky binaries, with its data in a folder of our choosing: owned by this JVM, or
 * left running on its own ({@link #main}, started by {@link StackProcesses}).
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts PostgreSQL on {@code port}; existing data in {@code dataDir} is kept unless {@code fresh}. */
    public static PostgresServer start(Path dataDir, int port, boolean fresh) throws IOException {
        return new PostgresServer(builder(dataDir, port).setCleanDataDirectory(fresh).start());
    }

    private static EmbeddedPostgres.Builder builder(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setPort(port)
                .setServerConfig("max_connections", "200")
                // zonky turns this off for speed; a commit reported to a service must survive a crash of PostgreSQL
                .setServerConfig("synchronous_commit", "on");
    }

    /**
     * Starts PostgreSQL on the data in {@code DATA_DIR} and leaves it running when this program exits (pg_ctl detaches
     * the server), its output appended to {@code LOG_FILE}: {@code DATA_DIR PORT LOG_FILE}.
     */
    public static void main(String[] args) throws IOException {
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(Path.of(args[2]).toFile());
        builder(Path.of(args[0]), Integer.parseInt(args[1])).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).setOutputRedirector(log).setErrorRedirector(log).start();
        // not closed, which would stop the server; exiting releases zonky's lock on the folder
        System.exit(0);
    }

    /** The live server whose data is in {@code dataDir}, by the pid in its {@code postmaster.pid}. */
    public static Optional<ProcessHandle> running(Path dataDir) {
        try {
            Path pidFile = dataDir.resolve("postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().orElse("").endsWith("/postgres"));
        } catch (IOException | RuntimeException unreadable) {
            // a file being written or one from a server long gone
            return Optional.empty();
        }
    }

    public static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return jdbcUrl(port());
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
