package io.tunepipe.localstack;

import io.tunepipe.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
            try (var producer = new KafkaProducer<String, String>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("restart-check", "k", "kept")).get();
            }
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
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "restart-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
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
}
