package io.tunepipe.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real PostgreSQL server from the zonky binaries, with its data in a folder of our choosing. */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private PostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts PostgreSQL on {@code port}; existing data in {@code dataDir} is kept unless {@code fresh}. */
    public static PostgresServer start(Path dataDir, int port, boolean fresh) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(fresh)
                .setPort(port)
                .setServerConfig("max_connections", "200")
                // zonky turns this off for speed; a commit reported to a service must survive a crash of PostgreSQL
                .setServerConfig("synchronous_commit", "on")
                .start();
        return new PostgresServer(postgres);
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
