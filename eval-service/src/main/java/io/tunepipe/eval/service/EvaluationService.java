package io.tunepipe.eval.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
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
import io.tunepipe.messaging.work.WorkHandler;
import io.tunepipe.messaging.work.DatabaseOutage;
import io.tunepipe.messaging.work.WorkLease;
import io.tunepipe.messaging.work.WorkQueue;
import io.tunepipe.text.SentenceEmbedder;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs evaluations: waits until a dataset's examples are all here, then queues the evaluation as work (any
 * instance may take it; one whose instance died is resumed by another), has the three models answer every
 * held-out question, scores them and decides the verdict; {@link EvaluationRecorder} stores and announces the end.
 */
@ApplicationScoped
public class EvaluationService implements WorkHandler {

    /** The kind of the evaluations' items in the work queue. */
    static final String WORK = "evaluation";

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
    @Inject
    WorkQueue work;

    private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();

    /**
     * What to evaluate: a fine-tuned model, its base, where they answer, and optionally a model the provider
     * serves that answers by retrieval without fine-tuning (else eval builds that baseline from the base).
     */
    public record Request(String jobId, String datasetId, String provider, String baseModel, String fineTunedModel,
            String retrievalModel) {
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

    /** Queues the waiting evaluations whose dataset is complete, each in the transaction that marks it running. */
    @Scheduled(every = "${tunepipe.eval.start-check-interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void startReady() {
        QuarkusTransaction.requiringNew().run(() -> {
            for (Evaluation e : evaluations.waiting()) {
                if (ledger.complete(Topics.EXAMPLES_INGESTED, e.datasetId)
                        && evaluations.move(e.id, Evaluation.Status.WAITING_FOR_DATA, Evaluation.Status.RUNNING)) {
                    work.enqueue(WORK, e.id);
                }
            }
        });
    }

    @Override
    public String kind() {
        return WORK;
    }

    /** Runs an evaluation from its start; its end is stored only while this instance still holds it. */
    @Override
    public void run(String evaluationId, WorkLease lease) throws InterruptedException {
        MDC.put("evaluationId", evaluationId);
        AtomicInteger progress = new AtomicInteger();
        answered.put(evaluationId, progress);
        try {
            Evaluation e = QuarkusTransaction.requiringNew().call(() -> evaluations.findById(evaluationId));
            if (e == null || e.status != Evaluation.Status.RUNNING) {
                return;
            }
            MDC.put("datasetId", e.datasetId);
            Scorecard.Rules rules = rules();
            QuestionSet set = questions(e.datasetId);
            LOG.infof("evaluating %d questions (%d out-of-scope probes) against %d training pairs",
                    set.questions().size(), set.probes(), set.training().size());
            var answers = panel.ask(e, set, progress::set);
            Scorecard card = Scorecard.of(ModelPanel.models(e), answers, rules);
            endIfHeld(lease, () -> recorder.complete(evaluationId, set.questions().size(), card));
        } catch (EvaluationFailure ex) {
            endIfHeld(lease, () -> recorder.fail(evaluationId, ex.getMessage()));
        } catch (RuntimeException ex) {
            if (DatabaseOutage.causes(ex)) {
                throw ex; // the work queue runs it again
            }
            LOG.errorf(ex, "evaluation %s failed", evaluationId);
            endIfHeld(lease, () -> recorder.fail(evaluationId, "The evaluation failed: " + ex.getMessage()));
        } finally {
            answered.remove(evaluationId);
            MDC.remove("evaluationId");
            MDC.remove("datasetId");
        }
    }

    @Override
    public void giveUp(String evaluationId, int attempts, String reason) {
        recorder.fail(evaluationId, "The evaluation did not finish: " + reason);
    }

    private static void endIfHeld(WorkLease lease, Runnable end) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (lease.held()) {
                end.run();
            } else {
                LOG.warn("this instance no longer holds the evaluation (another took it over); its end is dropped");
            }
        });
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
