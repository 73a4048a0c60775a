package io.tunepipe.eval;

import io.quarkus.narayana.jta.QuarkusTransaction;
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
import io.tunepipe.contracts.Verdict;
import io.tunepipe.eval.repository.Evaluation;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.messaging.BatchLedgerRepository;
import io.tunepipe.messaging.work.WorkQueue;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.tunepipe.security.TestTokens.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Evaluations started by a succeeded training job, against the real Kafka and PostgreSQL and the stub provider of
 * {@link ChatStubResource}: promoted and held verdicts with their reasons beside the base and retrieval, the JSON and
 * HTML reports, failing answers counted as errors, an evaluation that cannot run announced as failed, one left by a
 * dead instance taken over and announced once, and 4xx answers to bad requests.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
@QuarkusTestResource(ChatStubResource.class)
class EvaluationFlowTest {

    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();

    @Inject
    WorkQueue work;
    @Inject
    BatchLedgerRepository ledger;

    @Test
    void aModelThatLearnedTheFactsIsPromotedBesideItsBaseAndRetrievalAndReportedInThreeColumns() {
        String ds = dataset(ChatStubResource.REWORDINGS);
        String job = succeeded(ds, "stub", null);

        EvaluationCompleted done = awaitCompleted(ds);

        assertThat(done.jobId()).isEqualTo(job);
        assertThat(done.scores()).extracting(ModelScores::role).containsExactly(ModelScores.BASE,
                ModelScores.RETRIEVAL, ModelScores.FINE_TUNED);
        ModelScores base = done.scores().get(0);
        ModelScores retrieval = done.scores().get(1);
        ModelScores tuned = done.scores().get(2);
        assertThat(base.accuracy()).isZero();
        assertThat(base.inScopeRefusalRate()).isEqualTo(1.0);
        assertThat(retrieval.model()).isEqualTo("stub-base + retrieval");
        assertThat(retrieval.accuracy()).isEqualTo(3 / 8.0);
        assertThat(tuned.accuracy()).isEqualTo(1.0);
        assertThat(tuned.questions()).isEqualTo(8);
        assertThat(tuned.outOfScopeRefusalRate()).isNull();
        Verdict v = done.verdict();
        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.PROMOTED);
        assertThat(v.metric()).isEqualTo("exact_match");
        // 8 flips wrong -> right against the base: p = 2 / 2^8; 5 against retrieval: p = 2 / 2^5
        assertThat(v.pValue()).isCloseTo(0.0078125, within(1e-12));
        assertThat(v.retrievalPValue()).isCloseTo(0.0625, within(1e-12));
        assertThat(v.beatsRetrieval()).isFalse();
        assertThat(v.reason()).contains("Fine-tuning did not beat retrieval without fine-tuning: +62.5 points");

        asOperator().get("/evaluations/" + done.evaluationId()).then().statusCode(200)
                .body("rows.size()", is(8))
                .body("verdict.outcome", is("PROMOTED"))
                .body("promoted", is(true))
                .body("flips[0].gainedCount", is(8))
                .body("flips[1].against", is("base+retrieval"))
                .body("flips[1].gained.size()", is(5))
                .body("models[2].rewordingAccuracy", is(1.0f))
                .body("models[0].judgeScore", is(0.0f))
                .body("models[2].judgeScore", is(1.0f));
        asOperator().get("/evaluations/" + done.evaluationId() + "/report").then().statusCode(200)
                .contentType("text/html")
                .body(containsString("PROMOTED"), containsString("<th class=\"n\">base + retrieval</th>"),
                        containsString("<th class=\"n\">fine-tuned</th>"), containsString("stub-base + retrieval"),
                        containsString("Did fine-tuning beat retrieval"), containsString("<svg class=\"chart\""),
                        containsString("Fine-tuned vs base+retrieval: 5 wrong → right, 0 right → wrong"),
                        containsString("What is Jonny&#39;s dog called?"), containsString("LLM judge (fact rubric)"));
        asOperator().queryParam("datasetId", ds).get("/evaluations/compare").then().statusCode(200)
                .body(containsString(done.evaluationId()), containsString("did not beat retrieval"),
                        containsString("+100.0 pts"));
    }

    @Test
    void aModelThatCannotHelpOnQuestionsItWasNeverTaughtIsHeldWithItsReason() {
        Map<String, String> test = new java.util.LinkedHashMap<>();
        ChatStubResource.REWORDINGS.entrySet().stream().limit(2).forEach(e -> test.put(e.getKey(), e.getValue()));
        test.putAll(ChatStubResource.PROBES);
        String ds = dataset(test);
        succeeded(ds, "stub", ChatStubResource.RETRIEVAL_MODEL);

        EvaluationCompleted done = awaitCompleted(ds);

        Verdict v = done.verdict();
        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.HELD);
        // vs base: 2 wrong -> right, 6 right -> wrong (refused probes); vs retrieval: 0 and 6, p = 2 / 2^6
        assertThat(v.reason()).isEqualTo("No significant gain over the base: -50.0 points, p = 0.29; significantly"
                + " worse than retrieval without fine-tuning: -75.0 points, p = 0.031.");
        assertThat(v.beatsRetrieval()).isFalse();
        assertThat(done.scores()).extracting(ModelScores::model).containsExactly(ChatStubResource.BASE_MODEL,
                ChatStubResource.RETRIEVAL_MODEL, ChatStubResource.TUNED_MODEL);
        assertThat(done.scores().get(0).outOfScopeRefusalRate()).isEqualTo(1.0);
        assertThat(done.scores().get(2).outOfScopeRefusalRate()).isZero();
        assertThat(done.scores().get(2).accuracy()).isEqualTo(1.0);
        asOperator().get("/evaluations/" + done.evaluationId()).then().statusCode(200)
                .body("retrievalModel", is(ChatStubResource.RETRIEVAL_MODEL))
                .body("rows.findAll { it.probe }.size()", is(6));
        asOperator().get("/evaluations/" + done.evaluationId() + "/report").then().statusCode(200)
                .body(containsString("HELD"), containsString("refusals, out of scope (6 probes)"),
                        containsString("significantly worse than retrieval without fine-tuning"));
        asOperator().contentType("application/json").body(Map.of("datasetId", ds, "provider", "stub", "baseModel",
                ChatStubResource.BASE_MODEL, "fineTunedModel", ChatStubResource.TUNED_MODEL)).post("/evaluations")
                .then().statusCode(202).body("retrievalModel", is(ChatStubResource.RETRIEVAL_MODEL));
    }

    @Test
    void anEndpointThatFailsHalfTheTimeStillGivesACompleteReportWithItsErrorsCounted() {
        List<String> rewordings = List.copyOf(ChatStubResource.REWORDINGS.keySet());
        Map<String, String> test = new java.util.LinkedHashMap<>();
        test.put(rewordings.get(0), ChatStubResource.REWORDINGS.get(rewordings.get(0)));
        test.put("flaky question one?", "He was born on 3 March 1971.");
        test.put(rewordings.get(3), ChatStubResource.REWORDINGS.get(rewordings.get(3)));
        test.put("flaky question two?", "He plays the tuba.");
        String ds = dataset(test);
        succeeded(ds, "stub", null);

        EvaluationCompleted done = awaitCompleted(ds);

        assertThat(done.scores()).hasSize(3);
        for (ModelScores scores : done.scores()) {
            assertThat(scores.questions()).isEqualTo(4);
            assertThat(scores.errors()).isEqualTo(2);
        }
        assertThat(done.scores().get(2).exactMatch()).isEqualTo(0.5);
        asOperator().get("/evaluations/" + done.evaluationId()).then().statusCode(200)
                .body("rows.findAll { it.error != null }.size()", is(2));
    }

    @Test
    void anEvaluationThatCannotRunEndsFailedAndIsAnnounced() {
        String ds = dataset(ChatStubResource.REWORDINGS);
        succeeded(ds, "nowhere", null);

        EvaluationCompleted done = awaitCompleted(ds);

        assertThat(done.verdict().outcome()).isEqualTo(Verdict.Outcome.FAILED);
        assertThat(done.verdict().reason()).contains("tunepipe.eval.providers.nowhere.base-url");
        assertThat(done.scores()).isEmpty();
        asOperator().get("/evaluations/" + done.evaluationId()).then().statusCode(200)
                .body("status", is("FAILED")).body("verdict.outcome", is("FAILED"));
        asOperator().get("/evaluations/" + done.evaluationId() + "/report").then().statusCode(200)
                .body(containsString("<span class=\"outcome\">FAILED</span>"),
                        containsString("tunepipe.eval.providers.nowhere.base-url"));
    }

    @Test
    void anEvaluationLeftRunningByADeadInstanceIsTakenOverAndAnnouncedOnce() {
        String ds = dataset(ChatStubResource.REWORDINGS);
        await().atMost(Duration.ofSeconds(60)).until(() -> QuarkusTransaction.requiringNew().call(
                () -> ledger.complete(Topics.EXAMPLES_INGESTED, ds)));
        String id = "ev-dead-" + UUID.randomUUID().toString().substring(0, 8);
        // an instance marked it running, claimed it and died: its lease is over at once
        QuarkusTransaction.requiringNew().run(() -> {
            Evaluation e = new Evaluation();
            e.id = id;
            e.datasetId = ds;
            e.provider = "stub";
            e.baseModel = ChatStubResource.BASE_MODEL;
            e.fineTunedModel = ChatStubResource.TUNED_MODEL;
            e.status = Evaluation.Status.RUNNING;
            e.createdAt = Instant.now();
            e.persist();
            work.enqueue("evaluation", id);
            work.claim("evaluation", "a-dead-instance", Duration.ZERO, 1000);
        });

        EvaluationCompleted done = awaitCompleted(ds);

        assertThat(done.evaluationId()).isEqualTo(id);
        assertThat(done.verdict().outcome()).isEqualTo(Verdict.Outcome.PROMOTED);
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(
                () -> work.status("evaluation", id)).orElseThrow() == WorkQueue.Status.DONE);
        assertThatThrownBy(() -> kafka.await(Topics.EVALUATIONS_COMPLETED, r -> ds.equals(r.key()), 2,
                Duration.ofSeconds(5))).hasMessageEndingWith("but saw 1");
    }

    @Test
    void badRequestsGetAClearMessage() {
        asOperator().contentType("application/json").body("{\"datasetId\":\"x\"}").post("/evaluations").then()
                .statusCode(400).contentType("application/problem+json").body("title", is("Bad Request"))
                .body("detail", containsString("fineTunedModel"));
        asOperator().get("/evaluations/ev-missing").then().statusCode(404).body("detail", containsString("ev-missing"));
    }

    /** A dataset trained on Jonny's facts whose test split holds these questions and reference answers. */
    private String dataset(Map<String, String> test) {
        String ds = "ds-" + UUID.randomUUID();
        List<Example> examples = new ArrayList<>();
        int line = 2;
        for (var fact : ChatStubResource.FACTS.entrySet()) {
            examples.add(new Example(ds + "/" + line, ds + "/g" + line, Split.TRAIN, fact.getKey(), fact.getValue(),
                    null, Origin.ORIGINAL, null, line));
            line++;
        }
        for (var question : test.entrySet()) {
            examples.add(new Example(ds + "/" + line + "/v1", ds + "/g" + line, Split.TEST, question.getKey(),
                    question.getValue(), null, Origin.ORIGINAL, null, line));
            line++;
        }
        kafka.send(Topics.EXAMPLES_INGESTED, new ExamplesIngested(EventMetadata.create("/test", ds), ds, 0, examples));
        kafka.send(Topics.DATASETS_INGESTED, new DatasetIngested(EventMetadata.create("/test", ds), ds, "jonny", "h",
                examples.size(), new SplitCounts(ChatStubResource.FACTS.size(), 0, test.size()), Map.of(), 0, 0, 1));
        return ds;
    }

    private String succeeded(String ds, String provider, String retrievalModel) {
        String job = "job-" + UUID.randomUUID();
        kafka.send(Topics.TRAINING_JOB_STATUSES, new TrainingJobStatusChanged(EventMetadata.create("/test", job), job,
                ds, provider, "ftjob-1", ChatStubResource.BASE_MODEL, JobStatus.SUCCEEDED,
                ChatStubResource.TUNED_MODEL, 1200L, null, retrievalModel));
        return job;
    }

    private EvaluationCompleted awaitCompleted(String ds) {
        var record = kafka.await(Topics.EVALUATIONS_COMPLETED, r -> ds.equals(r.key()), 1, Duration.ofSeconds(90))
                .get(0);
        assertThat(new String(record.headers().lastHeader("ce_type").value())).isEqualTo(EvaluationCompleted.TYPE);
        return EventCodec.decode(record.value(), EvaluationCompleted.class);
    }
}
