package io.tunepipe.training;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.DatasetAugmented;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.ExamplesAugmented;
import io.tunepipe.contracts.ExamplesIngested;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.SplitCounts;
import io.tunepipe.contracts.Topics;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.training.messaging.TrainingDataConsumer;
import io.tunepipe.training.repository.TrainingJob;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * training-service's consumers on the real Kafka and PostgreSQL: ingested and paraphrased training and validation
 * examples kept, the dataset ready only once both streams are complete, its automatic job trained by the default
 * provider, and a poison batch dead-lettered.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class TrainingDataConsumerTest {

    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();

    @Inject
    ExampleRepository examples;
    @Inject
    TrainingDataConsumer consumer;

    @Test
    void keepsTrainingAndValidationDataAndKnowsWhenTheDatasetIsReady() {
        String ds = "ds-" + UUID.randomUUID();
        kafka.send(Topics.EXAMPLES_INGESTED, new ExamplesIngested(meta(ds), ds, 0, List.of(
                example(ds, "1", Split.TRAIN, Origin.ORIGINAL), example(ds, "2", Split.VALIDATION, Origin.ORIGINAL),
                example(ds, "3", Split.TEST, Origin.ORIGINAL))));
        kafka.send(Topics.DATASETS_INGESTED, new DatasetIngested(meta(ds), ds, "faq", "h", 3,
                new SplitCounts(1, 1, 1), Map.of(), 0, 0, 1));
        kafka.send(Topics.EXAMPLES_AUGMENTED, new ExamplesAugmented(meta(ds), ds, 0,
                List.of(example(ds, "1/p1", Split.TRAIN, Origin.PARAPHRASE))));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> examples.countBySplit(ds).getOrDefault(Split.TRAIN, 0L) == 2);
        assertThat(ready(ds)).isFalse();

        kafka.send(Topics.DATASETS_AUGMENTED, new DatasetAugmented(meta(ds), ds, "offline", 1, 3, 1, Map.of()));

        await().atMost(Duration.ofSeconds(30)).until(() -> ready(ds));
        assertThat(examples.countBySplit(ds))
                .containsExactly(Map.entry(Split.TRAIN, 2L), Map.entry(Split.VALIDATION, 1L));

        List<TrainingJob> jobs = QuarkusTransaction.requiringNew().call(() -> TrainingJob.list("datasetId", ds));
        assertThat(jobs).singleElement().satisfies(job -> {
            assertThat(job.provider).as("the default provider").isEqualTo("local");
            assertThat(job.baseModel).isEqualTo("local-minilm");
            assertThat(job.requestKey).isEqualTo(TrainingDataConsumer.AUTOMATIC_JOB + ds);
        });
        kafka.await(Topics.TRAINING_JOB_STATUSES, r -> r.key().equals(jobs.get(0).id)
                && r.value().contains("\"status\":\"QUEUED\""), 1, Duration.ofSeconds(30));
        // the default provider trains it here; done before the next test, whose timeouts its training could break
        kafka.await(Topics.TRAINING_JOB_STATUSES, r -> r.key().equals(jobs.get(0).id)
                && r.value().contains("\"status\":\"SUCCEEDED\""), 1, Duration.ofSeconds(90));
    }

    @Test
    void aPoisonAugmentedBatchGoesToTheDeadLetterTopic() {
        String poison = "{\"type\":\"io.tunepipe.examples.augmented\",\"metadata\":{\"schemaVersion\":9}}";
        kafka.send(Topics.EXAMPLES_AUGMENTED, "poison", poison);

        var dead = kafka.await(Topics.deadLetter("training-service", Topics.EXAMPLES_AUGMENTED),
                r -> poison.equals(r.value()), 1, Duration.ofSeconds(30));
        assertThat(new String(dead.get(0).headers().lastHeader("dead-letter-reason").value()))
                .contains("schema version 9");
    }

    private boolean ready(String ds) {
        return QuarkusTransaction.requiringNew().call(() -> consumer.ready(ds));
    }

    private static EventMetadata meta(String ds) {
        return EventMetadata.create("/test", ds);
    }

    private static Example example(String ds, String id, Split split, Origin origin) {
        return new Example(ds + "/" + id, ds + "/g", split, "Question " + id + "?", "Answer", null, origin,
                origin == Origin.PARAPHRASE ? ds + "/1" : null, 2);
    }
}
