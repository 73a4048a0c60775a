package io.tunepipe.eval.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.tunepipe.contracts.EvaluationCompleted;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.Topics;
import io.tunepipe.contracts.Verdict;
import io.tunepipe.eval.config.EvalConfig;
import io.tunepipe.eval.repository.AnswerRepository;
import io.tunepipe.eval.repository.Evaluation;
import io.tunepipe.eval.run.EvaluationRunner;
import io.tunepipe.eval.run.FactJudge;
import io.tunepipe.eval.run.HeldOutQuestion;
import io.tunepipe.eval.run.OpenAiCompatibleEndpoint;
import io.tunepipe.eval.scoring.ModelSummary;
import io.tunepipe.eval.scoring.QuestionResult;
import io.tunepipe.messaging.BatchLedger;
import io.tunepipe.messaging.ExampleStore;
import io.tunepipe.messaging.Outbox;
import io.tunepipe.text.SentenceEmbedder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs evaluations: waits until a dataset's test split is all here, asks the base and the fine-tuned model every
 * held-out question, stores every answer and the summaries, decides the verdict and announces it.
 */
@ApplicationScoped
public class EvaluationService {

    public static final String SOURCE = "/eval-service";
    public static final String BASE = "base";
    public static final String FINE_TUNED = "fine-tuned";
    private static final Logger LOG = Logger.getLogger(EvaluationService.class);

    @Inject
    EvalConfig config;
    @Inject
    ExampleStore examples;
    @Inject
    BatchLedger ledger;
    @Inject
    AnswerRepository answers;
    @Inject
    Outbox outbox;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry metrics;

    private final ExecutorService workers = Executors.newSingleThreadExecutor();
    private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();

    /** What to evaluate: a fine-tuned model, its base, and where they answer. */
    public record Request(String jobId, String datasetId, String provider, String baseModel, String fineTunedModel) {
    }

    void onStart(@Observes StartupEvent start) {
        int resumed = QuarkusTransaction.requiringNew().call(() -> Evaluation.update(
                "status = ?1 where status = ?2", Evaluation.Status.WAITING_FOR_DATA, Evaluation.Status.RUNNING));
        if (resumed > 0) {
            LOG.infof("%d evaluations interrupted by a restart will run again", resumed);
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** Registers an evaluation; one per training job, so a redelivered job event returns the first. */
    public Evaluation request(Request request) {
        Evaluation evaluation = QuarkusTransaction.requiringNew().call(() -> {
            if (request.jobId() != null) {
                Evaluation existing = Evaluation.find("jobId", request.jobId()).firstResult();
                if (existing != null) {
                    return existing;
                }
            }
            Evaluation e = new Evaluation();
            e.id = "ev-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            e.jobId = request.jobId();
            e.datasetId = request.datasetId();
            e.provider = request.provider();
            e.baseModel = request.baseModel();
            e.fineTunedModel = request.fineTunedModel();
            e.status = Evaluation.Status.WAITING_FOR_DATA;
            e.createdAt = Instant.now();
            e.persist();
            return e;
        });
        startReady();
        return evaluation;
    }

    /** Questions answered so far by a running evaluation, over both models. */
    public OptionalInt answeredSoFar(String evaluationId) {
        AtomicInteger n = answered.get(evaluationId);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n.get());
    }

    /** Starts the waiting evaluations whose held-out data is complete. */
    @Scheduled(every = "${tunepipe.eval.start-check-interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    synchronized void startReady() {
        List<String> ready = QuarkusTransaction.requiringNew().call(() -> {
            List<String> ids = new ArrayList<>();
            for (Evaluation e : Evaluation.waiting()) {
                if (ledger.complete(Topics.EXAMPLES_INGESTED, e.datasetId)
                        && Evaluation.update("status = ?1 where id = ?2 and status = ?3", Evaluation.Status.RUNNING,
                        e.id, Evaluation.Status.WAITING_FOR_DATA) == 1) {
                    ids.add(e.id);
                }
            }
            return ids;
        });
        ready.forEach(id -> workers.submit(() -> run(id)));
    }

    private void run(String evaluationId) {
        MDC.put("evaluationId", evaluationId);
        answered.put(evaluationId, new AtomicInteger());
        try {
            Evaluation e = QuarkusTransaction.requiringNew().call(() -> Evaluation.findById(evaluationId));
            MDC.put("datasetId", e.datasetId);
            EvalConfig.Provider provider = config.providers().get(e.provider);
            if (provider == null) {
                fail(evaluationId, "No endpoint is configured for provider '" + e.provider
                        + "': set tunepipe.eval.providers." + e.provider + ".base-url.");
                return;
            }
            List<HeldOutQuestion> questions = new ArrayList<>();
            examples.forEach(e.datasetId, Split.TEST, x -> questions.add(new HeldOutQuestion(x.id(), x.prompt(),
                    x.completion(), HeldOutQuestion.isRewordingId(x.id()))));
            if (questions.isEmpty()) {
                fail(evaluationId, "Dataset " + e.datasetId + " has no test examples to evaluate on.");
                return;
            }
            FactJudge judge = config.judge().map(j -> new FactJudge(new OpenAiCompatibleEndpoint(j.baseUrl(),
                    j.apiKey().orElse(null), j.model(), config.timeout(), null))).orElse(null);
            EvaluationRunner runner = new EvaluationRunner(new EvaluationRunner.Settings(config.concurrency(),
                    config.maxAttempts(), config.initialBackoff()), SentenceEmbedder.shared(), judge);
            List<QuestionResult> base = ask(runner, provider, e.baseModel, questions, evaluationId, 0);
            List<QuestionResult> tuned = ask(runner, provider, e.fineTunedModel, questions, evaluationId,
                    questions.size());
            complete(evaluationId, questions.size(), base, tuned);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ex) {
            LOG.errorf(ex, "evaluation %s failed", evaluationId);
            fail(evaluationId, "The evaluation failed: " + ex.getMessage());
        } finally {
            answered.remove(evaluationId);
            MDC.remove("evaluationId");
            MDC.remove("datasetId");
        }
    }

    private List<QuestionResult> ask(EvaluationRunner runner, EvalConfig.Provider provider, String model,
            List<HeldOutQuestion> questions, String evaluationId, int offset) throws InterruptedException {
        var endpoint = new OpenAiCompatibleEndpoint(provider.baseUrl(), provider.apiKey().orElse(null), model,
                config.timeout(), config.systemMessage().orElse(null));
        AtomicInteger progress = answered.get(evaluationId);
        return runner.run(questions, endpoint, n -> progress.set(offset + n));
    }

    private void complete(String evaluationId, int questions, List<QuestionResult> base, List<QuestionResult> tuned) {
        QuarkusTransaction.requiringNew().run(() -> {
            Evaluation e = Evaluation.findById(evaluationId);
            ModelSummary baseSummary = ModelSummary.of(e.baseModel, BASE, base, config.similarityThreshold());
            ModelSummary tunedSummary = ModelSummary.of(e.fineTunedModel, FINE_TUNED, tuned,
                    config.similarityThreshold());
            String metric = config.verdict().metric();
            double delta = tunedSummary.metric(metric) - baseSummary.metric(metric);
            Verdict verdict = new Verdict(delta >= config.verdict().margin(), metric, config.verdict().margin(), delta);
            answers.replace(evaluationId, BASE, base);
            answers.replace(evaluationId, FINE_TUNED, tuned);
            e.questions = questions;
            e.summaries = toJson(List.of(baseSummary, tunedSummary));
            e.promoted = verdict.promoted();
            e.verdictMetric = metric;
            e.verdictMargin = verdict.margin();
            e.verdictDelta = delta;
            e.status = Evaluation.Status.COMPLETED;
            e.completedAt = Instant.now();
            outbox.publish(Topics.EVALUATIONS_COMPLETED, new EvaluationCompleted(
                    EventMetadata.deterministic(SOURCE, e.datasetId, evaluationId + "/completed"), evaluationId,
                    e.jobId, e.datasetId, List.of(baseSummary.toScores(), tunedSummary.toScores()), verdict));
            metrics.counter("tunepipe.eval.evaluations", "verdict", verdict.promoted() ? "promoted" : "held").increment();
            LOG.infof("evaluation %s: %s %.3f -> %.3f (%+.3f), %s", evaluationId, metric, baseSummary.metric(metric),
                    tunedSummary.metric(metric), delta, verdict.promoted() ? "promoted" : "not promoted");
        });
    }

    private void fail(String evaluationId, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            Evaluation e = Evaluation.findById(evaluationId);
            e.status = Evaluation.Status.FAILED;
            e.reason = reason;
            e.completedAt = Instant.now();
        });
        LOG.warnf("evaluation %s failed: %s", evaluationId, reason);
    }

    /** The stored summaries of an evaluation, base first. */
    public List<ModelSummary> summaries(Evaluation e) {
        if (e.summaries == null) {
            return List.of();
        }
        try {
            return json.readValue(e.summaries, new TypeReference<List<ModelSummary>>() { });
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("unreadable summaries of " + e.id, ex);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException(ex);
        }
    }
}
