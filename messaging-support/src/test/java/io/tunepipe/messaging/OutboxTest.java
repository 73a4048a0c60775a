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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link Outbox} against the real PostgreSQL and Kafka: events sent in the order their transactions wrote them, none
 * from a rolled-back transaction, a payload that cannot be built yet holding back the rest until it can, and the two
 * ways of publishing kept apart.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class OutboxTest {

    private static final String TOPIC = Topics.DATASETS_INGESTED;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();

    @Inject
    Outbox outbox;
    @Inject
    HeldPayloads payloads;
    @Inject
    EntityManager em;

    @Test
    void eventsReachKafkaInTheOrderTheirTransactionsWroteThem() {
        String key = "ds-" + UUID.randomUUID();
        List<String> written = new ArrayList<>();
        for (int tx = 0; tx < 3; tx++) {
            List<String> reasons = IntStream.range(0, tx == 1 ? 50 : 2).mapToObj(i -> "r" + written.size() + i)
                    .toList();
            written.addAll(reasons);
            QuarkusTransaction.requiringNew().run(() -> reasons.forEach(r -> outbox.publish(TOPIC, rejected(key, r))));
        }

        List<ConsumerRecord<String, String>> records = kafka.await(TOPIC, r -> key.equals(r.key()), written.size(),
                WAIT);

        assertThat(records).extracting(r -> EventCodec.decode(r.value(), DatasetRejected.class).reason())
                .containsExactlyElementsOf(written);
        assertThat(records).allSatisfy(r -> assertThat(r.headers().lastHeader("ce_type").value())
                .asString().isEqualTo(DatasetRejected.TYPE));
        await().atMost(WAIT).until(() -> waiting(key) == 0);
    }

    @Test
    void anEventOfARolledBackTransactionIsNeverSent() {
        String key = "ds-" + UUID.randomUUID();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.publish(TOPIC, rejected(key, "rolled back"));
            throw new IllegalStateException("the state change failed");
        })).isInstanceOf(IllegalStateException.class);
        QuarkusTransaction.requiringNew().run(() -> outbox.publish(TOPIC, rejected(key, "committed")));

        // one key, one partition, rows sent in id order: anything sent before the marker would be read before it
        List<ConsumerRecord<String, String>> records = kafka.await(TOPIC, r -> key.equals(r.key()), 1, WAIT);

        assertThat(records).extracting(r -> EventCodec.decode(r.value(), DatasetRejected.class).reason())
                .containsExactly("committed");
    }

    @Test
    void anEventWhosePayloadCannotBeBuiltYetHoldsBackTheRestUntilARetrySucceeds() {
        String key = "ds-" + UUID.randomUUID();
        List<String> references = List.of(key + "/a", key + "/b", key + "/c");
        payloads.hold(references.get(1));
        QuarkusTransaction.requiringNew().run(() -> references.forEach(ref -> outbox.publishByReference(TOPIC, key,
                HeldPayloads.TYPE, EventMetadata.create("/test", key), ref)));

        // a is sent; b and c wait, in order, while b cannot be built (and is retried a second later)
        await().atMost(WAIT).until(() -> waiting(key) == 2);
        assertThat(kafka.await(TOPIC, r -> key.equals(r.key()), 1, WAIT).get(0).value()).contains(references.get(0));

        payloads.release(references.get(1));

        List<ConsumerRecord<String, String>> records = kafka.await(TOPIC, r -> key.equals(r.key()), 3, WAIT);
        assertThat(records).extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(references.stream().map(r -> "{\"reference\":\"" + r + "\"}").toList());
        await().atMost(WAIT).until(() -> waiting(key) == 0);
    }

    @Test
    void publishingAsPayloadAndByReferenceAreKeptApart() {
        String key = "ds-" + UUID.randomUUID();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> outbox.publishByReference(TOPIC, key,
                DatasetRejected.TYPE, EventMetadata.create("/test", key), "ref")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PayloadByReference");
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
