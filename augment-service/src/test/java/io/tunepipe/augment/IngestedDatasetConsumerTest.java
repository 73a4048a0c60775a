package io.tunepipe.augment;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.DatasetAugmented;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.ExamplesAugmented;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.ExamplesIngested;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.SplitCounts;
import io.tunepipe.contracts.Topics;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.messaging.BatchLedgerRepository;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.localstack.LocalStackTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tunepipe.security.TestTokens.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.awaitility.Awaitility.await;

/**
 * Ingested datasets consumed from the real Kafka into the real PostgreSQL: each paraphrased once (training questions
 * only, redeliveries changing nothing) and announced as augmented, run again over REST with a chosen paraphraser, and a
 * poison message dead-lettered while consuming goes on.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class IngestedDatasetConsumerTest {

    private static final String[] QUESTIONS = {"When was Jonny Whizbang born?", "How do I renew my library card?",
        "What is Jonny Whizbang known for?", "Can I bring my dog to the office?", "Where does Jonny Whizbang live?",
        "Why is the sky blue?"};

    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();

    @Inject
    ExampleRepository examples;
    @Inject
    BatchLedgerRepository ledger;

    @Test
    void aCompleteDatasetIsParaphrasedOnceAndAnnouncedAsAugmented() {
        String ds = "ds-" + UUID.randomUUID();
        ExamplesIngested batch0 = batch(ds, 0, Split.TRAIN, Split.TEST, Split.TRAIN);
        ExamplesIngested batch1 = batch(ds, 1, Split.VALIDATION, Split.TRAIN);

        kafka.send(Topics.EXAMPLES_INGESTED, batch0);
        kafka.send(Topics.EXAMPLES_INGESTED, batch0); // redelivered: must change nothing
        kafka.send(Topics.DATASETS_INGESTED, new DatasetIngested(EventMetadata.create("/test", ds), ds, "faq", "h", 5,
                new SplitCounts(3, 1, 1), Map.of(), 0, 0, 2));
        kafka.send(Topics.EXAMPLES_INGESTED, batch1);

        await().atMost(Duration.ofSeconds(30)).until(() -> complete(ds));
        var announced = kafka.await(Topics.DATASETS_AUGMENTED, r -> ds.equals(r.key()), 1, Duration.ofSeconds(60));
        DatasetAugmented augmented = EventCodec.decode(announced.get(0).value(), DatasetAugmented.class);
        assertThat(augmented.kept()).isPositive();
        assertThat(augmented.generated()).isGreaterThan(augmented.kept());
        var batches = kafka.await(Topics.EXAMPLES_AUGMENTED, r -> r.key().startsWith(ds + "/"), augmented.batchCount(),
                Duration.ofSeconds(30));
        List<Example> paraphrases = batches.stream()
                .flatMap(r -> EventCodec.decode(r.value(), ExamplesAugmented.class).examples().stream()).toList();
        assertThat(paraphrases).hasSize((int) augmented.kept())
                .allSatisfy(e -> {
                    assertThat(e.origin()).isEqualTo(Origin.PARAPHRASE);
                    assertThat(e.split()).isEqualTo(Split.TRAIN);
                    assertThat(e.sourceId()).isNotNull();
                    assertThat(e.id()).startsWith(e.sourceId() + "/p");
                })
                .extracting(Example::sourceId).doesNotContain(ds + "/0-1"); // the test question is never paraphrased
        assertThat(paraphrases.stream().map(Example::id).distinct()).hasSize(paraphrases.size());
        asOperator().get("/augmentations/" + ds).then().statusCode(200).body("status", is("DONE"))
                .body("processed", is(3)).body("kept", is((int) augmented.kept()));
        asOperator().get("/augmentations/ds-unknown").then().statusCode(404).body("status", is(404));

        asOperator().contentType("application/json").body("{\"paraphraser\":\"poetic\"}").post("/augmentations/" + ds)
                .then().statusCode(400).body("status", is(400)).body("detail", containsString("poetic"));
        asOperator().contentType("application/json").body("{\"paraphraser\":\"llm\"}").post("/augmentations/" + ds)
                .then().statusCode(400).body("detail", containsString("tunepipe.augment.llm.base-url"));
        asOperator().contentType("application/json").body("{}").post("/augmentations/ds-unknown")
                .then().statusCode(404).body("status", is(404));
        asOperator().contentType("application/json").body("{\"paraphraser\":\"offline\"}").post("/augmentations/" + ds)
                .then().statusCode(202).body("attempt", is(2)).body("paraphraser", is("offline"));
        var again = kafka.await(Topics.DATASETS_AUGMENTED, r -> ds.equals(r.key()), 2, Duration.ofSeconds(60));
        DatasetAugmented rerun = EventCodec.decode(again.get(1).value(), DatasetAugmented.class);
        assertThat(rerun.metadata().id()).isNotEqualTo(augmented.metadata().id());
        assertThat(rerun.kept()).isEqualTo(augmented.kept());
        asOperator().get("/augmentations/" + ds).then().statusCode(200).body("status", is("DONE"))
                .body("attempt", is(2))
                .body("kept", is((int) augmented.kept()));
        asOperator().get("/augmentations").then().statusCode(200).body("datasetId", hasItem(ds));
        asOperator().get("/augmentations/paraphrasers").then().statusCode(200)
                .body("defaultParaphraser", is("offline"));
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndConsumingGoesOn() {
        String poison = "{\"type\":\"io.tunepipe.examples.ingested\", this is not json";
        kafka.send(Topics.EXAMPLES_INGESTED, "poison", poison);
        String ds = "ds-" + UUID.randomUUID();
        kafka.send(Topics.EXAMPLES_INGESTED, batch(ds, 0, Split.TRAIN));

        var dead = kafka.await(Topics.deadLetter("augment-service", Topics.EXAMPLES_INGESTED),
                r -> poison.equals(r.value()), 1, Duration.ofSeconds(30));
        assertThat(new String(dead.get(0).headers().lastHeader("dead-letter-reason").value()))
                .contains("not JSON");
        await().atMost(Duration.ofSeconds(30)).until(() -> !examples.countBySplit(ds).isEmpty());
    }

    private boolean complete(String ds) {
        return QuarkusTransaction.requiringNew().call(() -> ledger.complete(Topics.EXAMPLES_INGESTED, ds));
    }

    private static ExamplesIngested batch(String ds, int index, Split... splits) {
        List<Example> examples = new java.util.ArrayList<>();
        for (int i = 0; i < splits.length; i++) {
            String id = ds + "/" + index + "-" + i;
            examples.add(new Example(id, ds + "/g" + index + i, splits[i],
                    QUESTIONS[(index * 3 + i) % QUESTIONS.length],
                    "Answer " + i, null, Origin.ORIGINAL, null, i + 2));
        }
        return new ExamplesIngested(EventMetadata.create("/test", ds), ds, index, examples);
    }
}
