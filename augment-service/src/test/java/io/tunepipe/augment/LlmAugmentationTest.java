package io.tunepipe.augment;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.DatasetAugmented;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EventCodec;
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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.tunepipe.security.TestTokens.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** A dataset re-run with the LLM paraphraser over REST, against a stub provider, real Kafka and PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(value = LlmStubResource.class, restrictToAnnotatedClass = true)
class LlmAugmentationTest {

    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();

    @Test
    void aDatasetReRunWithTheLlmParaphraserAsksOnlyForTrainingQuestionsAndOnlyOnce() {
        String ds = "ds-" + UUID.randomUUID();
        List<String> train = List.copyOf(LlmStubResource.REWORDINGS.keySet());
        List<Example> examples = new java.util.ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            examples.add(new Example(ds + "/" + i, ds + "/g" + i, Split.TRAIN, train.get(i), "Answer " + i, "Be brief.",
                    Origin.ORIGINAL, null, i + 2));
        }
        examples.add(new Example(ds + "/held", ds + "/gh", Split.TEST, "Where does Jonny Whizbang live?", "In Oslo.",
                null, Origin.ORIGINAL, null, 9));
        kafka.send(Topics.EXAMPLES_INGESTED, new ExamplesIngested(EventMetadata.create("/test", ds), ds, 0, examples));
        kafka.send(Topics.DATASETS_INGESTED, new DatasetIngested(EventMetadata.create("/test", ds), ds, "faq", "h", 4,
                new SplitCounts(3, 0, 1), Map.of(), 0, 0, 1));
        DatasetAugmented offline = augmented(ds, 1);
        assertThat(offline.paraphraser()).isEqualTo("offline");
        asOperator().get("/augmentations/paraphrasers").then().statusCode(200).body("defaultParaphraser", is("offline"))
                .body("available", hasItem("llm"));

        asOperator().contentType("application/json").body("{\"paraphraser\":\"llm\"}").post("/augmentations/" + ds)
                .then().statusCode(202).body("paraphraser", is("llm")).body("attempt", is(2))
                .body(not(containsString("sk-test-secret")));
        DatasetAugmented llm = augmented(ds, 2);
        assertThat(llm.paraphraser()).isEqualTo("llm");
        assertThat(llm.kept()).isEqualTo(6);
        assertThat(llm.generated()).isEqualTo(6);
        LlmStubResource.server().verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions")));
        LlmStubResource.server().verify(0, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("Where does Jonny Whizbang live?"))); // held-out: never sent
        var batches = kafka.await(Topics.EXAMPLES_AUGMENTED, r -> r.key() != null && r.key().startsWith(ds + "/")
                && EventCodec.decode(r.value(), ExamplesAugmented.class).examples().stream()
                        .anyMatch(e -> e.prompt().equals("What is the birth date of Jonny Whizbang?")), 1,
                Duration.ofSeconds(30));
        Example paraphrase = EventCodec.decode(batches.get(0).value(), ExamplesAugmented.class).examples().stream()
                .filter(e -> e.prompt().equals("What is the birth date of Jonny Whizbang?")).findFirst().orElseThrow();
        Example source = examples.get(train.indexOf("When was Jonny Whizbang born?"));
        assertThat(paraphrase.id()).isEqualTo(source.id() + "/p1");
        assertThat(paraphrase.sourceId()).isEqualTo(source.id());
        assertThat(paraphrase.groupId()).isEqualTo(source.groupId());
        assertThat(paraphrase.completion()).isEqualTo(source.completion());
        assertThat(paraphrase.system()).isEqualTo("Be brief.");
        assertThat(paraphrase.sourceLine()).isEqualTo(source.sourceLine());

        asOperator().contentType("application/json").body("{\"paraphraser\":\"llm\"}").post("/augmentations/" + ds)
                .then().statusCode(202).body("attempt", is(3));
        assertThat(augmented(ds, 3).kept()).isEqualTo(6);
        LlmStubResource.server().verify(3, postRequestedFor(urlEqualTo("/v1/chat/completions"))); // from the cache

        asOperator().get("/q/metrics").then().statusCode(200)
                .body(containsString("tunepipe_augment_runs_completed_total{paraphraser=\"llm\"}"))
                .body(containsString("tunepipe_augment_paraphrases_kept_total"));
    }

    /** The n-th dataset-augmented event of the dataset. */
    private DatasetAugmented augmented(String ds, int n) {
        var records = kafka.await(Topics.DATASETS_AUGMENTED, r -> ds.equals(r.key()), n, Duration.ofSeconds(60));
        return EventCodec.decode(records.get(n - 1).value(), DatasetAugmented.class);
    }
}
