package io.tunepipe.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.console.security.BrowserGuard;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.contracts.Topics;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TestTokens;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.tunepipe.security.TestTokens.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

/** The console against a real Kafka broker: events on the topics become the board, live over server-sent events. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ConsoleTest {

    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();

    @TestHTTPResource("/api/stream")
    URL stream;

    @Test
    void eventsOnTheTopicsBecomeADatasetCardWithItsWholeTimeline() {
        String dataset = UUID.randomUUID().toString();
        kafka.send(Topics.DATASETS_INGESTED, PipelineEvents.ingested(dataset));
        kafka.send(Topics.EXAMPLES_AUGMENTED, dataset + "/0", "{}");
        kafka.send(Topics.DATASETS_AUGMENTED, PipelineEvents.augmented(dataset));
        kafka.send(Topics.TRAINING_JOB_STATUSES, PipelineEvents.job("job-" + dataset, dataset, JobStatus.SUCCEEDED));
        kafka.send(Topics.EVALUATIONS_COMPLETED, PipelineEvents.evaluated("ev-" + dataset, "job-" + dataset, dataset));

        String card = "datasets.find { it.id == '" + dataset + "' }";
        String evaluation = "evaluations.find { it.id == 'ev-" + dataset + "' }";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asOperator().get("/api/board").then()
                .statusCode(200)
                .body(card + ".stage", equalTo("PROMOTED"))
                .body(card + ".augmentedBatches", equalTo(1))
                .body(card + ".timeline.size()", equalTo(4))
                .body("jobs.find { it.id == 'job-" + dataset + "' }.fineTunedModel", equalTo("local-minilm:ft:1"))
                .body("jobs.find { it.id == 'job-" + dataset + "' }.retrievalModel", equalTo("local-minilm:rag:1"))
                .body(evaluation + ".verdict.outcome", equalTo("PROMOTED"))
                .body(evaluation + ".verdict.beatsRetrieval", equalTo(true))
                .body(evaluation + ".verdict.retrievalDelta", equalTo(0.091f))
                .body(evaluation + ".verdict.retrievalPValue", equalTo(0.012f))
                .body(evaluation + ".verdict.pValue", equalTo(1e-12f))
                .body(evaluation + ".scores.role", contains("base", "base+retrieval", "fine-tuned"))
                .body(evaluation + ".scores.accuracy", contains(0.111f, 0.62f, 0.711f))
                .body(evaluation + ".scores.inScopeRefusalRate", contains(1.0f, 0.05f, 0.025f))
                .body(evaluation + ".scores.outOfScopeRefusalRate", contains(1.0f, 0.2f, 0.8f)));
    }

    @Test
    void aHeldModelAndAFailedEvaluationEndTheirDatasetsWithTheirReasons() {
        String heldDataset = UUID.randomUUID().toString();
        String failedDataset = UUID.randomUUID().toString();
        kafka.send(Topics.TRAINING_JOB_STATUSES, PipelineEvents.job("job-" + failedDataset, failedDataset,
                JobStatus.SUCCEEDED));
        kafka.send(Topics.EVALUATIONS_COMPLETED, PipelineEvents.held("ev-" + heldDataset, "job-" + heldDataset,
                heldDataset, "no better than base with retrieval"));
        kafka.send(Topics.EVALUATIONS_COMPLETED, PipelineEvents.evaluationFailed("ev-" + failedDataset,
                "job-" + failedDataset, failedDataset, "the fine-tuned model did not answer"));

        String held = "datasets.find { it.id == '" + heldDataset + "' }";
        String failed = "datasets.find { it.id == '" + failedDataset + "' }";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asOperator().get("/api/board").then()
                .statusCode(200)
                .body(held + ".stage", equalTo("HELD"))
                .body(held + ".verdict.reason", equalTo("no better than base with retrieval"))
                .body(held + ".problem", nullValue())
                .body(failed + ".stage", equalTo("EVALUATION_FAILED"))
                .body(failed + ".problem", equalTo("evaluation failed: the fine-tuned model did not answer"))
                .body("evaluations.find { it.id == 'ev-" + failedDataset + "' }.scores", empty()));
    }

    @Test
    void aPoisonEventIsSkippedAndCounted() {
        kafka.send(Topics.DATASETS_INGESTED, "poison", "this is not an event");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asOperator().get("/api/board").then()
                .body("ops.unreadableEvents", greaterThanOrEqualTo(1)));
    }

    @Test
    void theStreamSendsTheBoardAndThenEachChange() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(stream.toURI())
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + TestTokens.token(Roles.VIEWER)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        String dataset = UUID.randomUUID().toString();
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).startsWith("data:").contains("\"datasets\"");
            kafka.send(Topics.DATASETS_INGESTED, PipelineEvents.ingested(dataset));
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.contains(dataset));
            assertThat(line).isNotNull().contains("\"stage\":\"AUGMENTING\"");
        }
    }

    @Test
    void opsShowsServicesDownConsumerLagAndDeadLetters() throws Exception {
        String dlq = Topics.deadLetter("augment-service", "probe-" + UUID.randomUUID());
        String topic = "lag-probe-" + UUID.randomUUID();
        try (Admin admin = LocalStackTestResource.stack().kafka().admin()) {
            admin.createTopics(List.of(new NewTopic(dlq, 1, (short) 1), new NewTopic(topic, 1, (short) 1))).all().get();
            kafka.send(dlq, "k", "{\"broken\":true}");
            kafka.send(dlq, "k", "{\"broken\":true}");
            for (int i = 0; i < 5; i++) {
                kafka.send(topic, "k", "v" + i);
            }
            admin.alterConsumerGroupOffsets("probe-group", Map.of(new TopicPartition(topic, 0),
                    new OffsetAndMetadata(2))).all().get();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asOperator().get("/api/board").then()
                .body("ops.deadLetters.find { it.topic == '" + dlq + "' }.records", equalTo(2))
                .body("ops.lag.find { it.group == 'probe-group' && it.topic == '" + topic + "' }.lag", equalTo(3))
                .body("ops.lag.findAll { it.group.startsWith('tunepipe-console-') }.size()", equalTo(0))
                .body("ops.services.size()", equalTo(4))
                .body("ops.services.find { it.name == 'ingest-service' }.up", equalTo(false)));
        asOperator().get("/q/metrics").then().statusCode(200)
                .body(containsString("tunepipe_console_dead_letters{topic=\"" + dlq + "\"} 2.0"))
                .body(containsString("tunepipe_console_consumer_lag{group=\"probe-group\",topic=\"" + topic
                        + "\"} 3.0"))
                .body(containsString("tunepipe_console_service_up{service=\"eval-service\"} 0.0"));
    }

    @Test
    void opsShowsHowOftenTunepipeUpRestartedEachServiceItsInstancesTogether() throws Exception {
        Properties supervised = new Properties();
        supervised.putAll(Map.of("ingest-service.restarts", "2", "ingest-service-2.restarts", "1",
                "eval-service.restarts", "0", "kafka.restarts", "4", "ingest-service.pid", "123"));
        try (Writer out = Files.newBufferedWriter(Path.of("target/test-supervised.properties"))) {
            supervised.store(out, null);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> asOperator().get("/api/board").then()
                .body("ops.services.find { it.name == 'ingest-service' }.restarts", equalTo(3))
                .body("ops.services.find { it.name == 'eval-service' }.restarts", equalTo(0))
                .body("ops.services.find { it.name == 'augment-service' }.restarts", equalTo(0)));
    }

    @Test
    void actionsOnAServiceThatDoesNotAnswerGetABadGatewayWithAMessage() {
        asOperator().header(BrowserGuard.SCRIPT_HEADER, BrowserGuard.SCRIPT_HEADER_VALUE).contentType("text/csv")
                .body("question,answer\nq,a\n").post("/api/datasets?name=x.csv").then()
                .statusCode(502).contentType("application/problem+json").body("title", equalTo("Bad Gateway"))
                .body("status", equalTo(502)).body("detail", containsString("did not answer"));
        asOperator().header(BrowserGuard.SCRIPT_HEADER, BrowserGuard.SCRIPT_HEADER_VALUE)
                .post("/api/jobs/{id}/cancel", "no job here").then()
                .statusCode(400).body("detail", containsString("is not an id"));
    }

    @Test
    void thePageIsServedWithItsScript() {
        asOperator().get("/").then().statusCode(200).body(containsString("tunepipe console"))
                .body(containsString("console.js"));
        asOperator().get("/console.js").then().statusCode(200).body(containsString("new EventSource('api/stream')"))
                .body(containsString("job.baseModelShutdownDate"));
    }
}
