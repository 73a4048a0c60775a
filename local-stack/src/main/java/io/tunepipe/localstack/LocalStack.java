package io.tunepipe.localstack;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Kafka and PostgreSQL together, with every tunepipe topic created: the infrastructure the services need.
 * Run as a program it keeps its data in a folder outside {@code target/} and stops cleanly on SIGTERM or Ctrl-C.
 */
public final class LocalStack implements AutoCloseable {

    private final Settings settings;
    private final KafkaBroker kafka;
    private final PostgresServer postgres;

    private LocalStack(Settings settings, KafkaBroker kafka, PostgresServer postgres) {
        this.settings = settings;
        this.kafka = kafka;
        this.postgres = postgres;
    }

    /** Where the stack lives and listens. */
    public record Settings(Path dataDir, int kafkaPort, int kafkaControllerPort, int postgresPort, boolean fresh) {

        /** Settings from system properties or environment variables, with defaults for a local run. */
        public static Settings fromEnvironment() {
            return new Settings(
                    Path.of(setting("tunepipe.stack.dir", "TUNEPIPE_STACK_DIR", ".tunepipe/stack")),
                    Integer.parseInt(setting("tunepipe.kafka.port", "TUNEPIPE_KAFKA_PORT", "9092")),
                    Integer.parseInt(setting("tunepipe.kafka.controller-port", "TUNEPIPE_KAFKA_CONTROLLER_PORT",
                            "9093")),
                    Integer.parseInt(setting("tunepipe.postgres.port", "TUNEPIPE_POSTGRES_PORT", "5432")),
                    false);
        }

        private static String setting(String property, String env, String fallback) {
            String value = System.getProperty(property, System.getenv(env));
            return value == null || value.isBlank() ? fallback : value;
        }
    }

    public static LocalStack start(Settings settings) throws Exception {
        PostgresServer postgres = PostgresServer.start(settings.dataDir().resolve("postgres"), settings.postgresPort(),
                settings.fresh());
        try {
            KafkaBroker kafka = startKafka(settings.dataDir(), settings.kafkaPort(), settings.kafkaControllerPort());
            return new LocalStack(settings, kafka, postgres);
        } catch (Exception e) {
            postgres.close();
            throw e;
        }
    }

    /** Starts the broker of the stack in {@code dataDir}, with its users and every tunepipe topic. */
    static KafkaBroker startKafka(Path dataDir, int port, int controllerPort) throws Exception {
        return KafkaBroker.start(dataDir.resolve("kafka"), port, controllerPort, kafkaUsers(dataDir));
    }

    /** The Kafka users of the stack in {@code dataDir}, made the first time. */
    static KafkaUsers kafkaUsers(Path dataDir) {
        Path kafkaDir = dataDir.resolve("kafka");
        Path usersFile = dataDir.resolve("kafka-users.properties");
        if (Files.exists(kafkaDir.resolve("meta.properties")) && !Files.exists(usersFile)) {
            // a broker formatted before Kafka had users: its admin cannot sign in, so it starts afresh
            System.out.println("the local Kafka predates its users: its topics are created anew");
            deleteRecursively(kafkaDir);
        }
        return KafkaUsers.loadOrCreate(usersFile);
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    /** Where this stack answers and how its clients sign in. */
    public StackAddresses addresses() {
        return new StackAddresses(kafka.bootstrapServers(), jdbcUrl(), kafka.users());
    }

    /** The addresses and Kafka credentials {@code kafkaUser} needs, as Quarkus configuration properties. */
    public Properties serviceConfig(String kafkaUser) {
        return addresses().serviceConfig(kafkaUser);
    }

    /** {@link #serviceConfig} as the environment variables of a service process ({@code KAFKA_SASL_JAAS_CONFIG}...). */
    public Map<String, String> serviceEnvironment(String kafkaUser) {
        return addresses().serviceEnvironment(kafkaUser);
    }

    /**
     * Writes the CLI's {@link #serviceConfig} to {@code stack.properties} in the data folder, readable by its owner
     * only, for other processes.
     */
    public Path writeAddresses() throws IOException {
        return addresses().write(settings.dataDir());
    }

    /** Writes {@code props} to {@code file}, made anew so that only its owner may read it (it holds passwords). */
    static void writeOwnerOnly(Path file, Properties props, String comment) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(file)) {
            props.store(out, comment);
        }
    }

    /** A probe signed in as the broker's admin, for tests. */
    public KafkaProbe probe() {
        return new KafkaProbe(kafka.clientConfig(KafkaUsers.ADMIN));
    }

    @Override
    public void close() throws IOException {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }

    /** Removes {@code dir} and everything in it. */
    static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nobody listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromEnvironment();
        long started = System.nanoTime();
        LocalStack stack = start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stack.close();
                System.out.println("local stack stopped");
            } catch (IOException e) {
                System.err.println("local stack did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "local-stack-shutdown"));
        Path addresses = stack.writeAddresses();
        System.out.printf("local stack ready in %.1f s: kafka %s, postgres %s (addresses in %s)%n",
                (System.nanoTime() - started) / 1e9, stack.kafkaBootstrapServers(), stack.jdbcUrl(), addresses);
        stopped.await();
    }
}
