package io.tunepipe.localstack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * A real single-node Kafka broker in KRaft combined mode, with SCRAM users and ACLs: inside this JVM, or as a program
 * of its own ({@link #main}, started by {@link StackProcesses}).
 */
public final class KafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final KafkaUsers users;

    private KafkaBroker(KafkaRaftServer server, String bootstrapServers, KafkaUsers users) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.users = users;
    }

    /**
     * Starts a broker whose log lives in {@code dataDir}; the storage is formatted only the first time,
     * so a restart keeps every topic and offset. Clients sign in with SCRAM as one of {@code users} and may do
     * only what {@link KafkaAccess} grants; the controller listener takes the admin alone (PLAIN).
     */
    public static KafkaBroker start(Path dataDir, int port, int controllerPort, KafkaUsers users) throws Exception {
        Files.createDirectories(dataDir);
        String admin = KafkaUsers.ADMIN;
        String password = users.password(admin);
        Map<String, Object> props = new HashMap<>(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", Integer.toString(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port
                        + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "SASL_PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT"),
                Map.entry("log.dirs", dataDir.toAbsolutePath().toString()),
                Map.entry("num.partitions", "3"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // after a kill the controller (this same process) keeps the dead incarnation's session for this long
                // and refuses the new one's registration until then (KAFKA-19130 spares only clean shutdowns); on one
                // node that session can only be this process's own past, so it is kept short (Kafka: 9 s, beat 2 s)
                Map.entry("broker.session.timeout.ms", "2500"),
                Map.entry("broker.heartbeat.interval.ms", "500"),
                Map.entry("log.flush.interval.messages", Long.toString(Long.MAX_VALUE))));
        props.putAll(Map.of(
                "sasl.enabled.mechanisms", KafkaUsers.MECHANISM,
                "sasl.mechanism.inter.broker.protocol", KafkaUsers.MECHANISM,
                "listener.name.sasl_plaintext.sasl.enabled.mechanisms", KafkaUsers.MECHANISM,
                "listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config",
                users.clientConfig(admin).get("sasl.jaas.config"),
                "listener.name.controller.sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.controller.protocol", "PLAIN",
                "listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + admin
                        + "\" password=\"" + password + "\" user_" + admin + "=\"" + password + "\";",
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users", "User:" + admin));
        KafkaConfig config = new KafkaConfig(props, false);
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(dataDir, admin, password);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        KafkaBroker broker = new KafkaBroker(server, "127.0.0.1:" + port, users);
        broker.awaitReady();
        try (Admin client = broker.admin()) {
            KafkaSetup.apply(client, users);
        }
        return broker;
    }

    private static void format(Path dataDir, String admin, String password) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(dataDir.toAbsolutePath().toString()))
                .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
                .setControllerListenerName("CONTROLLER")
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setScramArguments(List.of(KafkaUsers.MECHANISM + "=[name=" + admin + ",password=" + password + "]"))
                .run();
    }

    private void awaitReady() throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get();
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    KafkaUsers users() {
        return users;
    }

    /** The settings of a client signed in as {@code user}, bootstrap servers included. */
    public Map<String, Object> clientConfig(String user) {
        return users.clientConfig(user, bootstrapServers);
    }

    /** An admin client signed in as the broker's admin. */
    public Admin admin() {
        return Admin.create(clientConfig(KafkaUsers.ADMIN));
    }

    /**
     * Runs the broker with every topic until SIGTERM: {@code STACK_DIR PORT CONTROLLER_PORT}. Once it answers clients,
     * with its users, ACLs and topics, it writes its pid to {@link #readyFile} for whoever waits for it.
     */
    public static void main(String[] args) throws Exception {
        Path stackDir = Path.of(args[0]);
        KafkaBroker broker = LocalStack.startKafka(stackDir, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-shutdown"));
        Files.writeString(readyFile(stackDir), Long.toString(ProcessHandle.current().pid()));
        System.out.println("kafka ready at " + broker.bootstrapServers());
        new CountDownLatch(1).await();
    }

    /** Where {@link #main} writes its pid once it serves clients. */
    static Path readyFile(Path stackDir) {
        return stackDir.resolve("kafka-ready");
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
