package io.tunepipe.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The local stack's broker and PostgreSQL as processes of their own, which outlive the JVM that starts them and can
 * each be killed and started again alone on the data they had: the broker is a JVM running {@link KafkaBroker#main},
 * PostgreSQL the server pg_ctl detaches ({@link PostgresServer#main}). Each logs to a file of its own.
 */
public final class StackProcesses {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    /**
     * A small heap, one GC thread and the quick compiler only: the local broker carries little, and on a laptop its
     * start competes for the cores with five services starting.
     */
    private static final List<String> LEAN_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** The broker's log lines with their time, and its start-up steps (registration, unfencing) among them. */
    private static final List<String> BROKER_LOG = List.of("-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
            "-Dorg.slf4j.simpleLogger.log.kafka.server.BrokerLifecycleManager=info",
            "-Dorg.slf4j.simpleLogger.log.kafka.server.BrokerServer=info");

    private final LocalStack.Settings settings;
    private final Path logDir;
    private final StackAddresses addresses;

    public StackProcesses(LocalStack.Settings settings, Path logDir) throws IOException {
        this.settings = settings;
        this.logDir = logDir;
        Files.createDirectories(logDir);
        this.addresses = new StackAddresses("127.0.0.1:" + settings.kafkaPort(),
                PostgresServer.jdbcUrl(settings.postgresPort()), LocalStack.kafkaUsers(settings.dataDir()));
    }

    public StackAddresses addresses() {
        return addresses;
    }

    public Path brokerLog() {
        return logDir.resolve("kafka.log");
    }

    public Path postgresLog() {
        return logDir.resolve("postgres.log");
    }

    /**
     * Starts the broker's JVM, {@code jvmOptions} first on its command line (they let a caller find it again), and
     * returns as soon as it serves every topic; fails when it exits first.
     */
    public Process startBroker(List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions);
        command.addAll(LEAN_JVM);
        command.addAll(BROKER_LOG);
        command.addAll(List.of("-Xmx512m", "-cp", classPath(), KafkaBroker.class.getName(),
                settings.dataDir().toAbsolutePath().toString(), Integer.toString(settings.kafkaPort()),
                Integer.toString(settings.kafkaControllerPort())));
        Files.deleteIfExists(KafkaBroker.readyFile(settings.dataDir()));
        Process broker = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(brokerLog().toFile())).start();
        try {
            awaitReady(broker, Instant.now().plus(START_TIMEOUT));
        } catch (IOException | RuntimeException e) {
            broker.destroyForcibly();
            throw e;
        }
        return broker;
    }

    /** Starts PostgreSQL on the stack's data and returns the server's process, a child of no one here. */
    public ProcessHandle startPostgres() throws IOException, InterruptedException {
        Path dataDir = postgresDir();
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(LEAN_JVM);
        command.addAll(List.of("-Xmx128m", "-cp", classPath(), PostgresServer.class.getName(),
                dataDir.toAbsolutePath().toString(), Integer.toString(settings.postgresPort()),
                postgresLog().toAbsolutePath().toString()));
        Process starter = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(postgresLog().toFile()))
                .start();
        if (!starter.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            starter.destroyForcibly();
            throw new IOException("PostgreSQL did not start within " + START_TIMEOUT.toSeconds() + " s; see "
                    + postgresLog());
        }
        if (starter.exitValue() != 0) {
            throw new IOException("PostgreSQL did not start (exit " + starter.exitValue() + "); see " + postgresLog());
        }
        return PostgresServer.running(dataDir)
                .orElseThrow(() -> new IOException("PostgreSQL started but is gone; see " + postgresLog()));
    }

    /** The stack's PostgreSQL when it runs. */
    public Optional<ProcessHandle> postgres() {
        return PostgresServer.running(postgresDir());
    }

    private Path postgresDir() {
        return settings.dataDir().resolve("postgres");
    }

    /**
     * Waits until the broker says it serves clients with every topic ({@link KafkaBroker#readyFile} holds its pid): it
     * checks that itself, through an admin client, the moment it can, so no probe from here has to time out first.
     */
    private void awaitReady(Process broker, Instant deadline) throws IOException, InterruptedException {
        Path ready = KafkaBroker.readyFile(settings.dataDir());
        String pid = Long.toString(broker.pid());
        while (!Files.exists(ready) || !pid.equals(Files.readString(ready).trim())) {
            checkAlive(broker, deadline);
            Thread.sleep(50);
        }
    }

    private void checkAlive(Process broker, Instant deadline) throws IOException {
        if (!broker.isAlive()) {
            throw new IOException("Kafka exited with code " + broker.exitValue() + "; see " + brokerLog());
        }
        if (Instant.now().isAfter(deadline)) {
            throw new IOException("Kafka not ready within " + START_TIMEOUT.toSeconds() + " s; see " + brokerLog());
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** This JVM's class path with absolute entries, so a child finds the same classes from any folder. */
    private static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    }
}
