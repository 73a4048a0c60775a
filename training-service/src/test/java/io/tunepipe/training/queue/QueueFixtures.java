package io.tunepipe.training.queue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.Topics;
import io.tunepipe.messaging.BatchLedgerRepository;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.training.repository.TrainingJob;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.tunepipe.training.OpenAiShapes.file;
import static io.tunepipe.training.OpenAiShapes.job;
import static io.tunepipe.training.OpenAiShapes.list;
import static org.awaitility.Awaitility.await;

/** Complete datasets in the store, and an OpenAI stand-in where every job succeeds, for the queue tests. */
final class QueueFixtures {

    static final int GENERIC = 10;

    private QueueFixtures() {
    }

    /** Stores {@code train} training and 2 validation examples of a new dataset and marks both streams complete. */
    static String readyDataset(ExampleRepository examples, BatchLedgerRepository ledger, int train) {
        return dataset(examples, ledger, train, List.of(Topics.EXAMPLES_INGESTED, Topics.EXAMPLES_AUGMENTED));
    }

    /** A dataset whose paraphrases are still arriving: its jobs wait, queued. */
    static String arrivingDataset(ExampleRepository examples, BatchLedgerRepository ledger, int train) {
        return dataset(examples, ledger, train, List.of(Topics.EXAMPLES_INGESTED));
    }

    private static String dataset(ExampleRepository examples, BatchLedgerRepository ledger, int train,
            List<String> completeStreams) {
        String ds = "ds-" + UUID.randomUUID();
        List<Example> all = new ArrayList<>();
        for (int i = 0; i < train + 2; i++) {
            all.add(new Example(ds + "/" + i, ds + "/g" + i, i < train ? Split.TRAIN : Split.VALIDATION,
                    "How do I reset password number " + i + "?", "Open settings and choose reset " + i + ".", null,
                    Origin.ORIGINAL, null, i + 2));
        }
        QuarkusTransaction.requiringNew().run(() -> {
            examples.insert(ds, all);
            for (String stream : completeStreams) {
                ledger.batchReceived(stream, ds, 0);
                ledger.batchesExpected(stream, ds, 1);
            }
        });
        return ds;
    }

    /** Files get ids, jobs are created with an id derived from their submission key and succeed when asked. */
    static void succeedingOpenAi(WireMockServer api) {
        api.resetAll();
        api.stubFor(post("/v1/files").atPriority(GENERIC)
                .willReturn(okJson(file("file-{{randomValue length=12 type='ALPHANUMERIC'}}", "data.jsonl"))));
        api.stubFor(post("/v1/fine_tuning/jobs").atPriority(GENERIC).willReturn(okJson(job(
                "ftjob-{{jsonPath request.body '$.metadata.tunepipe_submission'}}", "validating_files",
                "{{jsonPath request.body '$.metadata.tunepipe_submission'}}", null))));
        api.stubFor(get(urlPathMatching("/v1/fine_tuning/jobs/ftjob-[^/]+")).atPriority(GENERIC).willReturn(okJson(
                job("{{request.pathSegments.[3]}}", "succeeded", "unused",
                        "\"fine_tuned_model\": \"ft:gpt-4o-mini-2024-07-18:org::{{request.pathSegments.[3]}}\","
                                + " \"trained_tokens\": 1234"))));
        api.stubFor(get(urlPathMatching("/v1/fine_tuning/jobs/[^/]+/(events|checkpoints)")).atPriority(GENERIC)
                .willReturn(okJson(list())));
        api.stubFor(get(urlPathEqualTo("/v1/fine_tuning/jobs")).atPriority(GENERIC).willReturn(okJson(list())));
    }

    /** Marks the paraphrases of an arriving dataset complete: its jobs may start. */
    static void completeParaphrases(BatchLedgerRepository ledger, String ds) {
        QuarkusTransaction.requiringNew().run(() -> {
            ledger.batchReceived(Topics.EXAMPLES_AUGMENTED, ds, 0);
            ledger.batchesExpected(Topics.EXAMPLES_AUGMENTED, ds, 1);
        });
    }

    static TrainingJob stored(String id) {
        return QuarkusTransaction.requiringNew().call(() -> TrainingJob.<TrainingJob>findById(id));
    }

    static JobStatus status(String id) {
        return stored(id).status;
    }

    /** Waits for the instances running the queue to take the job to a final state. */
    static void awaitFinal(String id) {
        await().atMost(Duration.ofSeconds(60)).until(() -> status(id).isFinal());
    }
}
