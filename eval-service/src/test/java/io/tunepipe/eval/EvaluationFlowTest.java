package io.tunepipe.eval;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EvaluationCompleted;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.ExamplesIngested;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.contracts.ModelScores;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.SplitCounts;
import io.tunepipe.contracts.Topics;
import io.tunepipe.contracts.TrainingJobStatusChanged;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.LocalStackTestResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(ChatStubResource.class)
class EvaluationFlowTest {

    private final KafkaProbe kafka = new KafkaProbe(LocalStackTestResource.stack().kafkaBootstrapServers());

    @Test
    void aSucceededJobIsEvaluatedOverHttpReportedAndAnnounced() {
        String ds = heldOut(List.of("When was Jonny Whizbang born?", "What year was Jonny born?",
                "What is Jonny Whizbang known for?"));
        String job = succeeded(ds);

        EvaluationCompleted done = awaitCompleted(ds);

        assertThat(done.jobId()).isEqualTo(job);
        ModelScores base = done.scores().get(0);
        ModelScores tuned = done.scores().get(1);
        assertThat(base.role()).isEqualTo("base");
        assertThat(base.exactMatch()).isZero();
        assertThat(base.dontKnowRate()).isEqualTo(1.0);
        assertThat(tuned.exactMatch()).isEqualTo(1.0);
        assertThat(tuned.questions()).isEqualTo(3);
        assertThat(done.verdict().promoted()).isTrue();
        assertThat(done.verdict().metric()).isEqualTo("token_f1");

        given().get("/evaluations/" + done.evaluationId()).then().statusCode(200)
                .body("rows.size()", org.hamcrest.Matchers.is(3))
                .body("models[1].rewordingAccuracy", org.hamcrest.Matchers.is(1.0f))
                .body("models[0].judgeScore", org.hamcrest.Matchers.is(0.0f))
                .body("models[1].judgeScore", org.hamcrest.Matchers.is(1.0f));
        given().get("/evaluations/" + done.evaluationId() + "/report").then().statusCode(200)
                .contentType("text/html")
                .body(containsString("Promoted"), containsString("What year was Jonny born?"),
                        containsString("LLM judge (fact rubric)"),
                        containsString("rewording"));
        given().queryParam("datasetId", ds).get("/evaluations/compare").then().statusCode(200)
                .body(containsString(done.evaluationId()));
    }

    @Test
    void anEndpointThatFailsHalfTheTimeStillGivesACompleteReportWithItsErrorsCounted() {
        String ds = heldOut(List.of("When was Jonny Whizbang born?", "flaky question one?",
                "What is Jonny Whizbang known for?", "flaky question two?"));
        succeeded(ds);

        EvaluationCompleted done = awaitCompleted(ds);

        for (ModelScores scores : done.scores()) {
            assertThat(scores.questions()).isEqualTo(4);
            assertThat(scores.errors()).isEqualTo(2);
        }
        assertThat(done.scores().get(1).exactMatch()).isEqualTo(0.5);
        given().get("/evaluations/" + done.evaluationId()).then().statusCode(200)
                .body("rows.findAll { it.error != null }.size()", org.hamcrest.Matchers.is(2));
    }

    @Test
    void badRequestsGetAClearMessage() {
        given().contentType("application/json").body("{\"datasetId\":\"x\"}").post("/evaluations").then()
                .statusCode(400).body("message", containsString("fineTunedModel"));
        given().get("/evaluations/ev-missing").then().statusCode(404).body("message", containsString("ev-missing"));
    }

    private String heldOut(List<String> questions) {
        String ds = "ds-" + UUID.randomUUID();
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            String q = questions.get(i);
            String id = q.startsWith("What year") ? ds + "/2/v1" : ds + "/" + (i + 2);
            examples.add(new Example(id, ds + "/g" + i, Split.TEST, q,
                    ChatStubResource.ANSWERS.getOrDefault(q, "Nobody knows."), null, Origin.ORIGINAL, null, i + 2));
        }
        kafka.send(Topics.EXAMPLES_INGESTED, new ExamplesIngested(EventMetadata.create("/test", ds), ds, 0, examples));
        kafka.send(Topics.DATASETS_INGESTED, new DatasetIngested(EventMetadata.create("/test", ds), ds, "jonny", "h",
                questions.size(), new SplitCounts(0, 0, questions.size()), Map.of(), 0, 0, 1));
        return ds;
    }

    private String succeeded(String ds) {
        String job = "job-" + UUID.randomUUID();
        kafka.send(Topics.TRAINING_JOB_STATUSES, new TrainingJobStatusChanged(EventMetadata.create("/test", job), job,
                ds, "stub", "ftjob-1", ChatStubResource.BASE_MODEL, JobStatus.SUCCEEDED, ChatStubResource.TUNED_MODEL,
                1200L, null));
        return job;
    }

    private EvaluationCompleted awaitCompleted(String ds) {
        var record = kafka.await(Topics.EVALUATIONS_COMPLETED, r -> ds.equals(r.key()), 1, Duration.ofSeconds(90))
                .get(0);
        assertThat(new String(record.headers().lastHeader("ce_type").value())).isEqualTo(EvaluationCompleted.TYPE);
        return EventCodec.decode(record.value(), EvaluationCompleted.class);
    }
}
