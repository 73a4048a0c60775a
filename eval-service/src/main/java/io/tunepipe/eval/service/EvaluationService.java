package io.tunepipe.eval.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.Topics;
import io.tunepipe.eval.config.EvalConfig;
import io.tunepipe.eval.repository.Evaluation;
import io.tunepipe.eval.repository.EvaluationRepository;
import io.tunepipe.eval.run.QuestionSet;
import io.tunepipe.eval.scoring.AnswerRule;
import io.tunepipe.eval.scoring.PairedBootstrap;
import io.tunepipe.eval.scoring.Scorecard;
import io.tunepipe.eval.scoring.VerdictRule;
import io.tunepipe.messaging.BatchLedgerRepository;
import io.tunepipe.messaging.ExampleRepository;
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
 * Runs evaluations: waits until a dataset's examples are all here, has the three models answer every held-out
 * question, scores them and decides the verdict; {@link EvaluationRecorder} stores and announces the end.
 */
@ApplicationScoped
public class EvaluationService {

    private static final Logger LOG = Logger.getLogger(EvaluationService.class);

    @Inject
    EvalConfig config;
    @Inject
    ExampleRepository examples;
    @Inject
    BatchLedgerRepository ledger;
    @Inject
    ModelPanel panel;
    @Inject
    EvaluationRecorder recorder;
    @Inject
    EvaluationRepository evaluations;

    private final ExecutorService workers = Executors.newSingleThreadExecutor();
    private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();

    /**
     * What to evaluate: a fine-tuned model, its base, where they answer, and optionally a model the provider
     * serves that answers by retrieval without fine-tuning (else eval builds that baseline from the base).
     */
    public record Request(String jobId, String datasetId, String provider, String baseModel, String fineTunedModel,
            String retrievalModel) {
    }

    void onStart(@Observes StartupEvent start) {
        int resumed = QuarkusTransaction.requiringNew().call(() -> evaluations.moveAll(
                Evaluation.Status.RUNNING, Evaluation.Status.WAITING_FOR_DATA));
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
                Evaluation existing = evaluations.ofJob(request.jobId());
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
            e.retrievalModel = retrievalModel(request);
            e.status = Evaluation.Status.WAITING_FOR_DATA;
            e.createdAt = Instant.now();
            e.persist();
            return e;
        });
        startReady();
        return evaluation;
    }

    /**
     * The request's retrieval model; when it names none, the one an earlier evaluation of the same fine-tuned model
     * had from its training job, so evaluating again keeps the provider's retrieval baseline.
     */
    private String retrievalModel(Request request) {
        if (request.retrievalModel() != null && !request.retrievalModel().isBlank()) {
            return request.retrievalModel();
        }
        Evaluation earlier = evaluations.latestWithRetrieval(request.provider(), request.fineTunedModel());
        return earlier == null ? null : earlier.retrievalModel;
    }

    /** Questions answered so far by a running evaluation, over all its models. */
    public OptionalInt answeredSoFar(String evaluationId) {
        AtomicInteger n = answered.get(evaluationId);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n.get());
    }

    /** Starts the waiting evaluations whose dataset is complete. */
    @Scheduled(every = "${tunepipe.eval.start-check-interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    synchronized void startReady() {
        List<String> ready = QuarkusTransaction.requiringNew().call(() -> {
            List<String> ids = new ArrayList<>();
            for (Evaluation e : evaluations.waiting()) {
                if (ledger.complete(Topics.EXAMPLES_INGESTED, e.datasetId)
                        && evaluations.move(e.id, Evaluation.Status.WAITING_FOR_DATA, Evaluation.Status.RUNNING)) {
                    ids.add(e.id);
                }
            }
            return ids;
        });
        ready.forEach(id -> workers.submit(() -> run(id)));
    }

    private void run(String evaluationId) {
        MDC.put("evaluationId", evaluationId);
        AtomicInteger progress = new AtomicInteger();
        answered.put(evaluationId, progress);
        try {
            Evaluation e = QuarkusTransaction.requiringNew().call(() -> evaluations.findById(evaluationId));
            MDC.put("datasetId", e.datasetId);
            Scorecard.Rules rules = rules();
            QuestionSet set = questions(e.datasetId);
            LOG.infof("evaluating %d questions (%d out-of-scope probes) against %d training pairs",
                    set.questions().size(), set.probes(), set.training().size());
            var answers = panel.ask(e, set, progress::set);
            recorder.complete(evaluationId, set.questions().size(),
                    Scorecard.of(ModelPanel.models(e), answers, rules));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (EvaluationFailure ex) {
            recorder.fail(evaluationId, ex.getMessage());
        } catch (RuntimeException ex) {
            LOG.errorf(ex, "evaluation %s failed", evaluationId);
            recorder.fail(evaluationId, "The evaluation failed: " + ex.getMessage());
        } finally {
            answered.remove(evaluationId);
            MDC.remove("evaluationId");
            MDC.remove("datasetId");
        }
    }

    private Scorecard.Rules rules() {
        EvalConfig.Verdict v = config.verdict();
        if (AnswerRule.JUDGE.equals(v.metric()) && config.judge().isEmpty()) {
            throw new EvaluationFailure("The verdict metric is 'judge' but no judge is configured: set"
                    + " tunepipe.eval.judge.base-url and tunepipe.eval.judge.model, or choose another metric.");
        }
        try {
            return new Scorecard.Rules(new AnswerRule(v.metric(), config.similarityThreshold()),
                    new VerdictRule(v.metric(), v.alpha(), v.requireBeatRetrieval()),
                    new PairedBootstrap(v.bootstrapResamples(), v.bootstrapSeed()));
        } catch (IllegalArgumentException ex) {
            throw new EvaluationFailure("The verdict settings are wrong: " + ex.getMessage() + ".");
        }
    }

    private QuestionSet questions(String datasetId) {
        List<Example> train = new ArrayList<>();
        List<Example> test = new ArrayList<>();
        examples.forEach(datasetId, Split.TRAIN, train::add);
        examples.forEach(datasetId, Split.TEST, test::add);
        if (test.isEmpty()) {
            throw new EvaluationFailure("Dataset " + datasetId + " has no test examples to evaluate on.");
        }
        if (train.isEmpty()) {
            throw new EvaluationFailure("Dataset " + datasetId + " has no training examples in eval-service: they"
                    + " are needed for the retrieval baseline and to tell in-scope questions from out-of-scope ones."
                    + " A dataset ingested before eval-service kept them must be ingested again.");
        }
        return QuestionSet.of(train, test, SentenceEmbedder.shared());
    }
}
