package io.tunepipe.training.queue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.contracts.Topics;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.messaging.BatchLedgerRepository;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.training.WireMockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tunepipe.security.TestTokens.asOperator;
import static io.tunepipe.training.OpenAiShapes.checkpoint;
import static io.tunepipe.training.OpenAiShapes.error;
import static io.tunepipe.training.OpenAiShapes.event;
import static io.tunepipe.training.OpenAiShapes.job;
import static io.tunepipe.training.OpenAiShapes.list;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;

/**
 * Jobs through the queue against the real Kafka and PostgreSQL and WireMock standing in for OpenAI: created over REST
 * and followed to the fine-tuned model, failed and retried, 429s and 500s retried with backoff under one submission,
 * cancelled while running or queued, too small a dataset failed before any upload, and the cost estimated.
 */
@QuarkusTest
class JobLifecycleTest {

    private final WireMockServer api = WireMockTestResource.server();
    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();

    @Inject
    ExampleRepository examples;
    @Inject
    BatchLedgerRepository ledger;

    @BeforeEach
    void openAi() {
        QueueFixtures.succeedingOpenAi(api);
    }

    @Test
    void aJobCreatedOverRestIsTrackedToItsFineTunedModelWithEventsCheckpointsAndMetrics() {
        String ds = QueueFixtures.arrivingDataset(examples, ledger, 12);
        String id = asOperator().contentType(ContentType.JSON).body("""
                        {"datasetId": "%s", "provider": "openai", "suffix": "faq", "seed": 7,
                         "hyperparameters": {"n_epochs": "2", "batch_size": "auto", "learning_rate_multiplier": 0.3}}
                        """.formatted(ds))
                .post("/jobs").then().statusCode(201)
                .body("status", equalTo("QUEUED")).body("provider", equalTo("openai"))
                .extract().path("id");
        String providerJob = "ftjob-" + id + "-1";
        stubLifecycle(providerJob);
        QueueFixtures.completeParaphrases(ledger, ds);

        QueueFixtures.awaitFinal(id);

        asOperator().get("/jobs/" + id).then().statusCode(200)
                .body("job.status", equalTo("SUCCEEDED"))
                .body("job.providerJobId", equalTo(providerJob))
                .body("job.fineTunedModel", equalTo("ft:gpt-4o-mini-2024-07-18:org:faq:7p4lURel"))
                .body("job.trainedTokens", equalTo(5768))
                .body("job.trainingExamples", equalTo(12))
                .body("job.validationExamples", equalTo(2))
                .body("job.estimatedEpochs", equalTo(2))
                .body("job.estimatedBilledTokens", greaterThan(0))
                .body("transitions.to", contains("QUEUED", "PREPARING", "SUBMITTED", "VALIDATING_FILES",
                        "PROVIDER_QUEUED", "RUNNING", "SUCCEEDED"))
                .body("events.id", hasItem("ftevent-2"))
                .body("checkpoints.stepNumber", contains(1, 2))
                .body("checkpoints[1].metrics.valid_loss", equalTo(0.25f))
                .body("metrics[0].train_loss", equalTo(0.21f));
        api.verify(1, creations(id + "-1"));
        api.verify(2, uploads(id));

        var published = kafka.await(Topics.TRAINING_JOB_STATUSES, r -> r.key().equals(id)
                && r.value().contains("\"status\":\"SUCCEEDED\""), 1, Duration.ofSeconds(30));
        assertThat(published.get(0).value()).contains(
                "\"fineTunedModel\":\"ft:gpt-4o-mini-2024-07-18:org:faq:7p4lURel\"",
                "\"trainedTokens\":5768", "\"providerJobId\":\"" + providerJob + "\"");
    }

    @Test
    void aJobTheProviderFailsCarriesItsErrorAndCanBeRetried() {
        String ds = QueueFixtures.arrivingDataset(examples, ledger, 10);
        String id = createJob(ds);
        api.stubFor(get("/v1/fine_tuning/jobs/ftjob-" + id + "-1").willReturn(okJson(job("ftjob-" + id + "-1",
                "failed", id + "-1", "\"error\": {\"code\": \"invalid_training_file\","
                        + " \"message\": \"Training file has 3 examples that exceed the context length.\","
                        + " \"param\": \"training_file\"}"))));
        QueueFixtures.completeParaphrases(ledger, ds);

        QueueFixtures.awaitFinal(id);

        asOperator().get("/jobs/" + id).then()
                .body("job.status", equalTo("FAILED"))
                .body("job.errorCode", equalTo("invalid_training_file"))
                .body("job.errorMessage", equalTo("Training file has 3 examples that exceed the context length."));
        kafka.await(Topics.TRAINING_JOB_STATUSES, r -> r.key().equals(id) && r.value().contains("\"status\":\"FAILED\"")
                && r.value().contains("\"code\":\"invalid_training_file\""), 1, Duration.ofSeconds(30));

        asOperator().post("/jobs/" + id + "/retry").then().statusCode(202)
                .body("status", equalTo("QUEUED")).body("submission", equalTo(2));
        QueueFixtures.awaitFinal(id);

        assertThat(QueueFixtures.stored(id).status).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(QueueFixtures.stored(id).providerJobId).isEqualTo("ftjob-" + id + "-2");
        asOperator().post("/jobs/" + id + "/retry").then().statusCode(409)
                .body("status", equalTo(409)).body("detail", containsString("only a failed job can be retried"));
    }

    @Test
    void rateLimitsAndServerErrorsAreRetriedWithBackoffAndSubmitOnce() {
        String ds = QueueFixtures.arrivingDataset(examples, ledger, 10);
        String id = createJob(ds);
        api.stubFor(post("/v1/fine_tuning/jobs").inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(matchingJsonPath("$.metadata.tunepipe_submission", equalToString(id + "-1")))
                .willSetStateTo("overloaded").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")
                        .withHeader("Content-Type", "application/json")
                        .withBody(error("requests", "rate_limit_exceeded", "Rate limit reached"))));
        api.stubFor(post("/v1/fine_tuning/jobs").inScenario("busy").whenScenarioStateIs("overloaded")
                .withRequestBody(matchingJsonPath("$.metadata.tunepipe_submission", equalToString(id + "-1")))
                .willSetStateTo("fine").willReturn(aResponse().withStatus(500)
                        .withBody(error("server_error", null, "The server had an error"))));
        QueueFixtures.completeParaphrases(ledger, ds);

        QueueFixtures.awaitFinal(id);

        assertThat(QueueFixtures.status(id)).isEqualTo(JobStatus.SUCCEEDED);
        asOperator().get("/jobs/" + id).then().body("transitions.to", contains("QUEUED", "PREPARING", "SUBMITTED",
                "VALIDATING_FILES", "SUCCEEDED"));
        api.verify(3, creations(id + "-1"));
        api.verify(2, uploads(id));
        assertThat(QueueFixtures.stored(id).attempts).as("reset once the provider answered").isZero();
    }

    @Test
    void aRunningJobIsCancelledAtTheProvider() {
        String ds = QueueFixtures.arrivingDataset(examples, ledger, 10);
        String id = createJob(ds);
        String providerJob = "ftjob-" + id + "-1";
        api.stubFor(get("/v1/fine_tuning/jobs/" + providerJob).willReturn(okJson(job(providerJob, "running",
                id + "-1", null))));
        api.stubFor(post("/v1/fine_tuning/jobs/" + providerJob + "/cancel").willReturn(okJson(job(providerJob,
                "cancelled", id + "-1", null))));
        QueueFixtures.completeParaphrases(ledger, ds);
        await().atMost(Duration.ofSeconds(60)).until(() -> QueueFixtures.status(id) == JobStatus.RUNNING);

        asOperator().post("/jobs/" + id + "/cancel").then().statusCode(202).body("cancelRequested", equalTo(true));
        QueueFixtures.awaitFinal(id);

        assertThat(QueueFixtures.status(id)).isEqualTo(JobStatus.CANCELLED);
        api.verify(1, postRequestedFor(urlEqualTo("/v1/fine_tuning/jobs/" + providerJob + "/cancel")));
        asOperator().post("/jobs/" + id + "/cancel").then().statusCode(409).body("detail", containsString("CANCELLED"));
    }

    @Test
    void aQueuedJobIsCancelledAtOnceAndListsFilter() {
        String ds = QueueFixtures.arrivingDataset(examples, ledger, 10);
        String id = createJob(ds);

        asOperator().post("/jobs/" + id + "/cancel").then().statusCode(202).body("status", equalTo("CANCELLED"));

        asOperator().queryParam("datasetId", ds).get("/jobs").then().statusCode(200)
                .body("id", contains(id)).body("status", contains("CANCELLED"));
        asOperator().queryParam("datasetId", ds).queryParam("status", "RUNNING").get("/jobs").then()
                .body("size()", equalTo(0));
        asOperator().queryParam("datasetId", ds).queryParam("provider", "openai").get("/jobs").then()
                .body("size()", equalTo(1));
    }

    @Test
    void aTooSmallDatasetFailsItsChecksBeforeAnyUpload() {
        String ds = QueueFixtures.readyDataset(examples, ledger, 4);
        String id = createJob(ds);

        QueueFixtures.awaitFinal(id);

        asOperator().get("/jobs/" + id).then().body("job.status", equalTo("FAILED"))
                .body("job.errorCode", equalTo("invalid_training_data"))
                .body("job.errorMessage", equalTo("training file has 4 examples; at least 10 are required"));
        api.verify(0, uploads(id));
    }

    @Test
    void estimatesTheBilledTokensBeforeRunning() {
        String ds = QueueFixtures.readyDataset(examples, ledger, 20);

        asOperator().contentType(ContentType.JSON).body("{\"datasetId\": \"" + ds + "\", \"provider\": \"openai\"}")
                .post("/jobs/estimate").then().statusCode(200)
                .body("provider", equalTo("openai"))
                .body("baseModel", equalTo("gpt-4o-mini-2024-07-18"))
                .body("report.trainingExamples", equalTo(20))
                .body("report.validationExamples", equalTo(2))
                .body("report.epochs", equalTo(5))
                .body("report.problems.size()", equalTo(0));
    }

    static RequestPatternBuilder creations(String submissionKey) {
        return postRequestedFor(urlEqualTo("/v1/fine_tuning/jobs"))
                .withRequestBody(matchingJsonPath("$.metadata.tunepipe_submission", equalToString(submissionKey)));
    }

    static RequestPatternBuilder uploads(String jobId) {
        return postRequestedFor(urlEqualTo("/v1/files")).withRequestBodyPart(aMultipart().withName("file")
                .withHeader("Content-Disposition", containingString(jobId)).build());
    }

    private String createJob(String ds) {
        return asOperator().contentType(ContentType.JSON)
                .body("{\"datasetId\": \"" + ds + "\", \"provider\": \"openai\"}")
                .post("/jobs").then().statusCode(201).extract().path("id");
    }

    private static StringValuePattern equalToString(String value) {
        return WireMock.equalTo(value);
    }

    private static StringValuePattern containingString(String value) {
        return WireMock.containing(value);
    }

    private void stubLifecycle(String providerJob) {
        String key = providerJob.substring("ftjob-".length());
        String[][] states = {
                {Scenario.STARTED, "queued", job(providerJob, "validating_files", key, null)},
                {"queued", "running", job(providerJob, "queued", key, null)},
                {"running", "done", job(providerJob, "running", key, null)},
                {"done", "done", job(providerJob, "succeeded", key,
                        "\"fine_tuned_model\": \"ft:gpt-4o-mini-2024-07-18:org:faq:7p4lURel\","
                                + " \"trained_tokens\": 5768")}};
        for (String[] s : states) {
            api.stubFor(get("/v1/fine_tuning/jobs/" + providerJob).inScenario("life").whenScenarioStateIs(s[0])
                    .willSetStateTo(s[1]).willReturn(okJson(s[2])));
        }
        api.stubFor(get(urlPathEqualTo("/v1/fine_tuning/jobs/" + providerJob + "/events")).willReturn(okJson(list(
                event("ftevent-2", 1721764900, "metrics", "Step 2/2: training loss=0.21",
                        "{\"step\": 2, \"train_loss\": 0.21, \"train_mean_token_accuracy\": 0.9}"),
                event("ftevent-1", 1721764850, "message", "Fine-tuning job started", "{}")))));
        api.stubFor(get(urlPathEqualTo("/v1/fine_tuning/jobs/" + providerJob + "/checkpoints")).willReturn(okJson(
                list(checkpoint("ftckpt-2", providerJob, 2, 0.21, 0.25), checkpoint("ftckpt-1", providerJob, 1, 0.9,
                        0.95)))));
    }
}
