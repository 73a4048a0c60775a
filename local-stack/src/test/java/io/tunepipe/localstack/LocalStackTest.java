package io.tunepipe.localstack;

import io.tunepipe.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LocalStack} started for real in a temporary folder: Kafka and PostgreSQL data surviving a restart of the whole
 * stack, and with SASL each Kafka user allowed only what its service needs, strangers and wrong passwords refused.
 */
class LocalStackTest {

    @TempDir
    Path dir;

    @Test
    void dataSurvivesARestartOfTheWholeStack() throws Exception {
        LocalStack.Settings settings = new LocalStack.Settings(dir, LocalStack.freePort(), LocalStack.freePort(),
                LocalStack.freePort(), false);

        try (LocalStack stack = LocalStack.start(settings)) {
            assertThat(stack.kafka().admin().describeTopics(List.of(Topics.EXAMPLES_INGESTED)).allTopicNames().get()
                    .get(Topics.EXAMPLES_INGESTED).partitions()).hasSize(6);
            stack.probe().send("restart-check", "k", "kept");
            sql(stack, "CREATE TABLE restart_check (v text); INSERT INTO restart_check VALUES ('kept')");
        }
        assertThat(dir.resolve("kafka/meta.properties")).exists();
        String formattedOnce = Files.readString(dir.resolve("kafka/meta.properties"));

        try (LocalStack stack = LocalStack.start(settings)) {
            assertThat(Files.readString(dir.resolve("kafka/meta.properties"))).isEqualTo(formattedOnce);
            assertThat(readAll(stack, "restart-check")).containsExactly("kept");
            assertThat(sql(stack, "SELECT v FROM restart_check")).isEqualTo("kept");
        }
    }

    @Test
    void eachKafkaUserMayDoOnlyWhatItsServiceNeedsAndStrangersNothing() throws Exception {
        LocalStack.Settings settings = new LocalStack.Settings(dir, LocalStack.freePort(), LocalStack.freePort(),
                LocalStack.freePort(), true);
        try (LocalStack stack = LocalStack.start(settings)) {
            assertThat(refusal(stack.kafka().clientConfig("ingest-service"), Topics.EXAMPLES_INGESTED)).isNull();
            assertThat(refusal(stack.kafka().clientConfig(KafkaUsers.CLI), Topics.INGEST_COMMANDS)).isNull();
            assertThat(refusal(stack.kafka().clientConfig("ingest-service"), Topics.TRAINING_COMMANDS))
                    .isInstanceOf(TopicAuthorizationException.class);
            // the console may write nowhere, so it is refused even the producer id it asks for first
            assertThat(refusal(stack.kafka().clientConfig(KafkaUsers.CONSOLE), Topics.INGEST_COMMANDS))
                    .isInstanceOf(AuthorizationException.class);
            Map<String, Object> stranger = stack.kafka().clientConfig("eval-service");
            stranger.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"eval-service\" password=\"guessed\";");
            assertThat(refusal(stranger, Topics.EVALUATIONS_COMPLETED)).isInstanceOf(SaslAuthenticationException.class);
            Map<String, Object> anonymous = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.kafkaBootstrapServers(), ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
            assertThat(refusal(anonymous, Topics.EVALUATIONS_COMPLETED)).isNotNull();
        }
        assertThat(Files.getPosixFilePermissions(dir.resolve("kafka-users.properties")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    private static String sql(LocalStack stack, String statements) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
             Statement s = c.createStatement()) {
            if (s.execute(statements)) {
                try (ResultSet rs = s.getResultSet()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
            return null;
        }
    }

    private static List<String> readAll(LocalStack stack, String topic) {
        Map<String, Object> config = stack.kafka().clientConfig(KafkaUsers.ADMIN);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "restart-check");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<String, String>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> values = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (values.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }

    private static Throwable refusal(Map<String, Object> config, String topic) {
        return new KafkaProbe(config).refusal(topic);
    }
}
