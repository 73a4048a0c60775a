package io.tunepipe.messaging;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.localstack.DeadLetters;
import io.tunepipe.contracts.DatasetRejected;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Topics;
import io.tunepipe.contracts.TunepipeEvent;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.KafkaUsers;
import io.tunepipe.localstack.LocalStackTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumers' retry policy against the real broker and database: a failure while the consumed-event log is locked
 * is retried in place; a poison event is dead-lettered at once; a dead letter replayed by {@code tunepipe dlq}
 * ({@link DeadLetters}) once its cause is gone is consumed once, and a second replay sends nothing.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class TransientRetryTest {

    private static final String TOPIC = Topics.INGEST_COMMANDS;
    private static final String DLQ = "messaging-support-test.ingest-commands.dlq";
    private static final String POISON_DLQ = "messaging-support-test.training-commands.dlq";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();
    private final DeadLetters deadLetters = new DeadLetters(
            LocalStackTestResource.stack().kafka().clientConfig(KafkaUsers.CLI));

    @Inject
    RetryProbeConsumer probes;
    @Inject
    DataSource db;

    @Test
    void aFailureWhileTheDatabaseIsLockedIsRetriedAndThenSucceedsWithNoDeadLetter() throws Exception {
        String key = "transient-" + UUID.randomUUID();
        TunepipeEvent event = event(key);
        try (Connection lock = lockConsumedEvents()) {
            kafka.send(TOPIC, key, EventCodec.encode(event));
            await().atMost(WAIT).until(() -> probes.attempts(key) >= 2);
            lock.rollback();
        }

        await().atMost(WAIT).until(() -> timesConsumed(event) == 1);
        assertThat(probes.attempts(key)).isBetween(2, 5);
        List<DeadLetters.Letter> letters = deadLetters.topics().contains(DLQ) ? deadLetters.list(DLQ) : List.of();
        assertThat(letters).noneMatch(l -> key.equals(l.key()));
    }

    @Test
    void aPoisonEventIsDeadLetteredAtOnceWithNoRetry() {
        String key = "poison-" + UUID.randomUUID();
        kafka.send(Topics.TRAINING_COMMANDS, key, "not json {");

        ConsumerRecord<String, String> letter = kafka.await(POISON_DLQ, r -> key.equals(r.key()), 1, WAIT).get(0);
        assertThat(header(letter, Topics.DEAD_LETTER_RETRIES)).isEqualTo("0");
        assertThat(header(letter, "dead-letter-reason")).contains("not JSON");
        assertThat(header(letter, "dead-letter-topic")).isEqualTo(Topics.TRAINING_COMMANDS);
        assertThat(probes.attempts(key)).isEqualTo(1);
    }

    @Test
    void aDeadLetterReplayedOnceItsCauseIsFixedIsConsumedOnceAndASecondReplaySendsNothing() throws Exception {
        String key = "replay-" + UUID.randomUUID();
        TunepipeEvent event = event(key);
        try (Connection lock = lockConsumedEvents()) {
            kafka.send(TOPIC, key, EventCodec.encode(event));
            ConsumerRecord<String, String> letter = kafka.await(DLQ, r -> key.equals(r.key()), 1, WAIT).get(0);
            assertThat(header(letter, Topics.DEAD_LETTER_RETRIES)).isEqualTo("4");
            lock.rollback();
        }
        assertThat(probes.attempts(key)).isEqualTo(5);
        assertThat(timesConsumed(event)).isZero();
        assertThat(deadLetters.list(DLQ)).filteredOn(l -> key.equals(l.key())).singleElement().satisfies(l -> {
            assertThat(l.eventId()).isEqualTo(event.metadata().id());
            assertThat(l.eventType()).isEqualTo(event.type());
            assertThat(l.sourceTopic()).isEqualTo(TOPIC);
            assertThat(l.retries()).isEqualTo("4");
            assertThat(l.reason()).isNotBlank();
            assertThat(l.replayed()).isFalse();
        });

        assertThat(deadLetters.replay(DLQ)).isEqualTo(new DeadLetters.Replay(1, 0));
        await().atMost(WAIT).until(() -> timesConsumed(event) == 1);
        assertThat(probes.attempts(key)).isEqualTo(6);

        assertThat(deadLetters.replay(DLQ)).isEqualTo(new DeadLetters.Replay(0, 0));
        assertThat(deadLetters.list(DLQ)).filteredOn(l -> key.equals(l.key())).singleElement()
                .satisfies(l -> assertThat(l.replayed()).isTrue());
        assertThat(timesConsumed(event)).isEqualTo(1);
        assertThat(probes.attempts(key)).isEqualTo(6);
    }

    /** Holds an exclusive lock on the consumed-event log until the connection is closed (rolled back). */
    private Connection lockConsumedEvents() throws SQLException {
        Connection connection = db.getConnection();
        connection.setAutoCommit(false);
        connection.createStatement().execute("LOCK TABLE consumed_events IN EXCLUSIVE MODE");
        return connection;
    }

    private long timesConsumed(TunepipeEvent event) throws SQLException {
        try (Connection c = db.getConnection(); var query = c.prepareStatement(
                "SELECT count(*) FROM consumed_events WHERE consumer = ? AND event_id = ?")) {
            query.setString(1, RetryProbeConsumer.CHANNEL);
            query.setString(2, event.metadata().id());
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String header(ConsumerRecord<String, String> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static TunepipeEvent event(String key) {
        return new DatasetRejected(EventMetadata.create("/test", key), key, "file.csv", "a retry probe");
    }
}
