package io.tunepipe.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.DatasetRejected;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Topics;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.LocalStackTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rows that keep failing, against the real Kafka of local-stack: one Kafka refuses (over the producer's size limit),
 * one whose payload cannot be built; the test configuration parks a row at its third failure.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class OutboxParkingTest {

    private static final String TOPIC = Topics.DATASETS_INGESTED;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();

    @Inject
    Outbox outbox;
    @Inject
    HeldPayloads payloads;
    @Inject
    @Readiness
    ParkedOutboxCheck check;
    @Inject
    EntityManager em;

    @Test
    void aRowKafkaRefusesIsRetriedThenParkedWhileTheOthersAreSentOnceInOrder() {
        String key = "ds-" + UUID.randomUUID();
        String otherKey = "ds-" + UUID.randomUUID();
        String tooLarge = "x".repeat(1_200_000); // over the producer's default max.request.size of 1 MiB
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.publish(TOPIC, rejected(key, "before"));
            outbox.publish(TOPIC, rejected(key, tooLarge));
            outbox.publish(TOPIC, rejected(key, "after"));
            outbox.publish(TOPIC, rejected(otherKey, "other key"));
        });

        await().atMost(WAIT).until(() -> parked(key).size() == 1);
        Object[] row = parked(key).get(0);
        assertThat(((Number) row[0]).intValue()).isEqualTo(3);
        assertThat((String) row[1]).contains("RecordTooLargeException");
        HealthCheckResponse health = check.call();
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(health.getData().orElseThrow()).hasEntrySatisfying(ParkedOutboxCheck.PARKED,
                n -> assertThat(((Number) n).longValue()).isPositive());
        assertThat(health.getData().orElseThrow().values()).anySatisfy(v -> assertThat(v.toString())
                .contains("key " + key).contains("3 failed sends").contains("RecordTooLargeException"));

        // a marker behind the rest: anything sent twice (one key, one partition) would be read before it
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(TOPIC, rejected(key, "marker")));
        List<ConsumerRecord<String, String>> records = kafka.await(TOPIC, r -> key.equals(r.key()), 3, WAIT);
        assertThat(records).extracting(r -> EventCodec.decode(r.value(), DatasetRejected.class).reason())
                .containsExactly("before", "after", "marker");
        assertThat(kafka.await(TOPIC, r -> otherKey.equals(r.key()), 1, WAIT)).hasSize(1);
        await().atMost(WAIT).until(() -> waiting(key) == 1);
    }

    @Test
    void theRowsBehindAFailingRowOfTheirKeyWaitUntilItIsParked() {
        String key = "ds-" + UUID.randomUUID();
        payloads.hold(key + "/never");
        QuarkusTransaction.requiringNew().run(() -> {
            for (String ref : List.of(key + "/never", key + "/behind")) {
                outbox.publishByReference(TOPIC, key, HeldPayloads.TYPE, EventMetadata.create("/test", key), ref);
            }
        });

        // retried 1 s, then 2 s after its first failure: the row behind it waits meanwhile
        await().atMost(WAIT).until(() -> failing(key) == 1);
        assertThat(waiting(key)).isEqualTo(2);
        await().atMost(WAIT).until(() -> parked(key).size() == 1);
        assertThat((String) parked(key).get(0)[1]).contains("is not there yet");
        assertThat(kafka.await(TOPIC, r -> key.equals(r.key()), 1, WAIT)).extracting(ConsumerRecord::value)
                .containsExactly("{\"reference\":\"" + key + "/behind\"}");
        await().atMost(WAIT).until(() -> waiting(key) == 1);
    }

    /** Attempts and reason of each parked row of {@code key}. */
    @SuppressWarnings("unchecked")
    private List<Object[]> parked(String key) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("SELECT attempts, last_error"
                + " FROM outbox_events WHERE record_key = :k AND parked_at IS NOT NULL").setParameter("k", key)
                .getResultList());
    }

    private int failing(String key) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("SELECT count(*) FROM"
                + " outbox_events WHERE record_key = :k AND attempts > 0 AND parked_at IS NULL").setParameter("k", key)
                .getSingleResult()).intValue());
    }

    private int waiting(String key) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "SELECT count(*) FROM outbox_events WHERE record_key = :k").setParameter("k", key)
                .getSingleResult()).intValue());
    }

    private static DatasetRejected rejected(String key, String reason) {
        return new DatasetRejected(EventMetadata.create("/test", key), key, "file.csv", reason);
    }
}
