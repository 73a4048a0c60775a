package io.tunepipe.cli;

import io.tunepipe.contracts.Topics;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.KafkaUsers;
import io.tunepipe.localstack.LocalStack;
import io.tunepipe.security.LocalKeys;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docker-compose.yml's broker without Docker: deploy/kafka's settings (this machine's addresses put in) started by
 * deploy/kafka/start.sh through stand-ins for the image's two Kafka scripts, then set up by {@code tunepipe compose
 * kafka-setup} with the secrets {@code tunepipe compose env} makes.
 */
class ComposeKafkaTest {

    private static final Path ROOT = Path.of(System.getProperty("tunepipe.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theComposeBrokerTakesOnlyItsUsersAndEachMayDoWhatItsServiceNeeds() throws Exception {
        int port = LocalStack.freePort();
        Map<String, String> secrets = ComposeCommand.secrets(LocalKeys.createIfMissing(dir.resolve("keys")));
        Process broker = run(List.of("/bin/sh", ROOT.resolve("deploy/kafka/start.sh").toString()),
                Map.of("KAFKA_HOME", kafkaHome().toString(), "TUNEPIPE_KAFKA_CONFIG", config(port).toString(),
                        "TUNEPIPE_KAFKA_ADMIN_CONFIG", dir.resolve("admin.properties").toString(),
                        "TUNEPIPE_KAFKA_ADMIN_PASSWORD", secrets.get("TUNEPIPE_KAFKA_ADMIN_PASSWORD")), "broker");
        try {
            String bootstrap = "127.0.0.1:" + port;
            KafkaUsers users = KafkaUsers.fromEnvironment(secrets);
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> {
                try (Admin admin = Admin.create(users.clientConfig(KafkaUsers.ADMIN, bootstrap))) {
                    return !admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty();
                }
            });

            assertThat(setUp(bootstrap, secrets)).isZero();
            assertThat(setUp(bootstrap, secrets)).as("set up again: nothing changes, nothing fails").isZero();
            assertThat(setUp(bootstrap, Map.of())).as("no passwords given").isEqualTo(TunepipeCli.FAILED);

            assertThat(refusal(users.clientConfig("ingest-service", bootstrap), Topics.EXAMPLES_INGESTED)).isNull();
            assertThat(refusal(users.clientConfig(KafkaUsers.CLI, bootstrap), Topics.INGEST_COMMANDS)).isNull();
            assertThat(refusal(users.clientConfig("ingest-service", bootstrap), Topics.TRAINING_COMMANDS))
                    .isInstanceOf(TopicAuthorizationException.class);
            Map<String, Object> guessed = users.clientConfig("eval-service", bootstrap);
            guessed.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"eval-service\" password=\"guessed\";");
            assertThat(refusal(guessed, Topics.EVALUATIONS_COMPLETED)).isInstanceOf(SaslAuthenticationException.class);
            assertThat(refusal(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000), Topics.EVALUATIONS_COMPLETED)).isNotNull();
            assertThat(Files.readString(dir.resolve("broker.log"))).doesNotContain(
                    secrets.get("TUNEPIPE_KAFKA_ADMIN_PASSWORD"));
        } finally {
            broker.destroy();
            if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    /** deploy/kafka/server.properties as committed, but for this machine: loopback, free ports, a temporary log. */
    private Path config(int port) throws Exception {
        int controllerPort = LocalStack.freePort();
        Map<String, String> local = Map.of(
                "controller.quorum.voters", "1@127.0.0.1:" + controllerPort,
                "listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port,
                "log.dirs", dir.resolve("kafka-data").toString());
        String committed = Files.readString(ROOT.resolve("deploy/kafka/server.properties"));
        assertThat(committed.lines().filter(l -> local.containsKey(l.split("=")[0]))).hasSize(local.size());
        String here = committed.lines().map(l -> local.containsKey(l.split("=")[0])
                ? l.split("=")[0] + "=" + local.get(l.split("=")[0]) : l).collect(Collectors.joining("\n"));
        return Files.writeString(dir.resolve("server.properties"), here + "\n");
    }

    /** A Kafka home whose bin/ runs the same classes as the image's kafka-storage.sh and kafka-server-start.sh. */
    private Path kafkaHome() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("kafka-home/bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
        Files.writeString(bin.resolve("kafka-storage.sh"), "#!/bin/sh\nexec '" + java + "' -cp '" + classPath
                + "' kafka.tools.StorageTool \"$@\"\n");
        Files.writeString(bin.resolve("kafka-server-start.sh"), "#!/bin/sh\nexec '" + java + "' -cp '" + classPath
                + "' kafka.Kafka \"$@\"\n");
        bin.toFile().listFiles(f -> f.setExecutable(true));
        return bin.getParent();
    }

    /** The exit code of {@code tunepipe compose kafka-setup}, run as its container runs it, with {@code env}. */
    private int setUp(String bootstrap, Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process setup = run(List.of(java, "-cp", System.getProperty("java.class.path"), TunepipeCli.class.getName(),
                "compose", "kafka-setup", "--bootstrap-server", bootstrap), env, "setup");
        assertThat(setup.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return setup.exitValue();
    }

    private Process run(List<String> command, Map<String, String> env, String log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log + ".log").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("TUNEPIPE_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static Throwable refusal(Map<String, Object> config, String topic) {
        return new KafkaProbe(config).refusal(topic);
    }
}
