package io.tunepipe.eval;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.ExamplesIngested;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.SplitCounts;
import io.tunepipe.contracts.Topics;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.messaging.ExampleRepository;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * eval-service's consumers on the real Kafka and PostgreSQL: ingested examples of every split are kept, training
 * included, and a poison dataset event is dead-lettered while consuming goes on.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ExamplesConsumerTest {

    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();

    @Inject
    ExampleRepository examples;

    @Test
    void keepsEverySplitTrainingIncluded() {
        String ds = "ds-" + UUID.randomUUID();
        EventMetadata meta = EventMetadata.create("/test", ds);
        kafka.send(Topics.EXAMPLES_INGESTED, new ExamplesIngested(meta, ds, 0, List.of(
                example(ds, "1", Split.TRAIN), example(ds, "2", Split.VALIDATION), example(ds, "3", Split.TEST),
                example(ds, "4", Split.TEST))));

        await().atMost(Duration.ofSeconds(30)).until(() -> examples.countBySplit(ds).size() == 3);
        assertThat(examples.countBySplit(ds)).containsExactly(Map.entry(Split.TRAIN, 1L),
                Map.entry(Split.VALIDATION, 1L), Map.entry(Split.TEST, 2L));
    }

    @Test
    void aPoisonDatasetEventGoesToTheDeadLetterTopicAndConsumingGoesOn() {
        String poison = "\u0000\u0001binary";
        kafka.send(Topics.DATASETS_INGESTED, "poison", poison);
        String ds = "ds-" + UUID.randomUUID();
        kafka.send(Topics.DATASETS_INGESTED, new DatasetIngested(EventMetadata.create("/test", ds), ds, "faq", "h", 0,
                new SplitCounts(0, 0, 0), Map.of(), 0, 0, 0));

        kafka.await(Topics.deadLetter("eval-service", Topics.DATASETS_INGESTED), r -> poison.equals(r.value()), 1,
                Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> consumedCount(ds) == 1);
    }

    private long consumedCount(String ds) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() ->
                ((Number) io.quarkus.hibernate.orm.panache.Panache.getEntityManager()
                        .createNativeQuery("SELECT count(*) FROM expected_batches WHERE dataset_id = :d")
                        .setParameter("d", ds).getSingleResult()).longValue());
    }

    private static Example example(String ds, String id, Split split) {
        return new Example(ds + "/" + id, ds + "/g" + id, split, "Question " + id + "?", "Answer", null,
                Origin.ORIGINAL, null, 2);
    }
}
