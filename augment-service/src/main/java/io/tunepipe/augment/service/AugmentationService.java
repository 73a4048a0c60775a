package io.tunepipe.augment.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.tunepipe.augment.config.AugmentConfig;
import io.tunepipe.augment.paraphrase.CandidateFilter;
import io.tunepipe.augment.paraphrase.Paraphraser;
import io.tunepipe.augment.repository.AugmentationRun;
import io.tunepipe.augment.repository.AugmentationRunRepository;
import io.tunepipe.augment.repository.TrainingQuestionRepository;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.Topics;
import io.tunepipe.messaging.BatchLedgerRepository;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.messaging.work.WorkHandler;
import io.tunepipe.messaging.work.DatabaseOutage;
import io.tunepipe.messaging.work.WorkLease;
import io.tunepipe.messaging.work.WorkQueue;
import io.tunepipe.text.SentenceEmbedder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Paraphrases the training questions of a dataset once all of it has arrived. Each run is an item of the shared
 * work queue, so one instance works on it at a time and one whose instance died is taken over. Each chunk is
 * paraphrased outside any transaction, then committed in one: the paraphrases, the batches announcing them
 * (through the outbox, with ids derived from the attempt and batch index) and the run's progress, after checking
 * under row locks that the item is still this instance's and the progress has not moved. A restart resumes after
 * the last committed chunk with nothing lost or published twice; the last transaction announces the dataset as
 * augmented.
 */
@ApplicationScoped
public class AugmentationService implements WorkHandler {

    /** The kind of the runs' items in the work queue. */
    static final String WORK = "augmentation";
    private static final Logger LOG = Logger.getLogger(AugmentationService.class);

    @Inject
    AugmentConfig config;
    @Inject
    AugmentationRunRepository runs;
    @Inject
    TrainingQuestionRepository questions;
    @Inject
    ExampleRepository examples;
    @Inject
    BatchLedgerRepository ledger;
    @Inject
    AugmentationEvents events;
    @Inject
    RunTallies tallies;
    @Inject
    Paraphrasers paraphrasers;
    @Inject
    WorkQueue work;
    @Inject
    ManagedExecutor background;

    /** Where a worker found the run before paraphrasing a chunk; the commit checks it has not moved. */
    private record Position(String lastId, int attempt) {
    }

    @Override
    public String kind() {
        return WORK;
    }

    @Override
    public int concurrency() {
        return 2;
    }

    /** Loads the default paraphraser's data and the embedder in the background, so that the first run does not wait. */
    void onStart(@Observes StartupEvent start) {
        if (config.loadModelsAtStart()) {
            background.execute(() -> {
                paraphrasers.get(null);
                SentenceEmbedder.shared();
            });
        }
    }

    /** Queues the run once the transaction that completed the dataset has committed its examples. */
    void onComplete(@Observes(during = TransactionPhase.AFTER_SUCCESS) DatasetComplete complete) {
        String datasetId = complete.datasetId();
        QuarkusTransaction.requiringNew().run(() -> {
            runs.create(datasetId, paraphrasers.defaultName(),
                    examples.countBySplit(datasetId).getOrDefault(Split.TRAIN, 0L));
            work.enqueue(WORK, datasetId);
        });
    }

    /**
     * Paraphrases a dataset again (or for the first time) with the named paraphraser (null: the default): its
     * earlier paraphrases are removed and the new attempt's events carry new ids. Empty when the dataset is not
     * completely ingested here.
     */
    public Optional<AugmentationRun> rerun(String datasetId, String paraphraserName) {
        String name = paraphrasers.get(paraphraserName).name();
        Optional<AugmentationRun> run = QuarkusTransaction.requiringNew().call(() -> {
            if (!ledger.complete(Topics.EXAMPLES_INGESTED, datasetId)) {
                return Optional.<AugmentationRun>empty();
            }
            long total = examples.countBySplit(datasetId).getOrDefault(Split.TRAIN, 0L);
            if (runs.create(datasetId, name, total)) {
                work.requeue(WORK, datasetId);
                return Optional.of(AugmentationRun.<AugmentationRun>findById(datasetId));
            }
            AugmentationRun r = runs.lock(datasetId);
            if (!work.requeue(WORK, datasetId)) {
                throw new RunConflictException("dataset " + datasetId + " is being augmented now (attempt "
                        + r.attempt + ", " + r.processed + " of " + r.total + " questions); try again when it is done");
            }
            questions.deleteParaphrases(datasetId);
            r.restart(name, total);
            return Optional.of(r);
        });
        run.ifPresent(r -> LOG.infof("augmentation of %s (attempt %d) requested with the %s paraphraser",
                datasetId, r.attempt, name));
        return run;
    }

    @Override
    public void run(String datasetId, WorkLease lease) {
        MDC.put("datasetId", datasetId);
        try {
            AugmentationRun start = QuarkusTransaction.requiringNew().call(() -> {
                AugmentationRun r = runs.lock(datasetId);
                r.status = AugmentationRun.Status.RUNNING;
                return r;
            });
            LOG.infof("augmenting %s (attempt %d, %s paraphraser) from %s", datasetId, start.attempt,
                    start.paraphraser, start.lastId == null ? "the start" : "after " + start.lastId);
            Paraphraser paraphraser = paraphrasers.get(start.paraphraser);
            Set<String> known = new HashSet<>();
            questions.forEachQuestion(datasetId, q -> known.add(CandidateFilter.key(q)));
            CandidateFilter filter = new CandidateFilter(SentenceEmbedder.shared(), config.minSimilarity(),
                    config.maxSimilarity(), config.paraphrasesPerQuestion());
            while (lease.active() && chunk(datasetId, paraphraser, filter, known, lease)) {
                LOG.debugf("chunk of %s committed", datasetId);
            }
        } catch (RuntimeException e) {
            if (!lease.active()) {
                LOG.infof("augmentation of %s interrupted by the stop; it resumes from its last chunk", datasetId);
                return;
            }
            if (DatabaseOutage.causes(e)) {
                throw e; // the work queue runs it again, from its last committed chunk
            }
            LOG.errorf(e, "augmentation of %s failed", datasetId);
            QuarkusTransaction.requiringNew().run(() -> {
                if (lease.held()) {
                    fail(runs.lock(datasetId), String.valueOf(e.getMessage()));
                }
            });
        } finally {
            MDC.remove("datasetId");
        }
    }

    @Override
    public void giveUp(String datasetId, int attempts, String reason) {
        fail(runs.lock(datasetId), reason);
    }

    /** Paraphrases and commits the next chunk; false once the run is done or no longer this worker's. */
    private boolean chunk(String datasetId, Paraphraser paraphraser, CandidateFilter filter, Set<String> known,
            WorkLease lease) {
        Position at = QuarkusTransaction.requiringNew().call(() -> {
            AugmentationRun run = runs.findById(datasetId);
            return mine(run, lease) ? new Position(run.lastId, run.attempt) : null;
        });
        if (at == null) {
            return false;
        }
        List<Example> sources = questions.chunk(datasetId, at.lastId(), config.chunkSize());
        if (sources.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> {
                AugmentationRun run = runs.lock(datasetId);
                if (still(run, at, lease)) {
                    finish(run);
                }
            });
            return false;
        }
        List<Paraphraser.Proposal> proposals = paraphraser.propose(sources.stream().map(Example::prompt).toList());
        ChunkOutcome outcome = ChunkOutcome.of(sources, proposals, filter, known);
        boolean committed = QuarkusTransaction.requiringNew().call(
                () -> commit(datasetId, at, sources, outcome, lease));
        if (committed) {
            events.count(outcome);
        }
        return committed;
    }

    /** Stores the chunk's paraphrases and publishes them in batches, unless the run moved on meanwhile. */
    private boolean commit(String datasetId, Position at, List<Example> sources, ChunkOutcome outcome,
            WorkLease lease) {
        AugmentationRun run = runs.lock(datasetId);
        if (!still(run, at, lease)) {
            LOG.infof("%s is no longer this worker's (claim lost or run reset); chunk dropped", datasetId);
            return false;
        }
        examples.insert(datasetId, outcome.paraphrases());
        events.publishBatches(run, outcome.paraphrases());
        run.generated += outcome.generated();
        run.kept += outcome.paraphrases().size();
        run.processed += sources.size();
        run.lastId = sources.get(sources.size() - 1).id();
        tallies.add(run, outcome);
        run.updatedAt = Instant.now();
        return true;
    }

    private static boolean mine(AugmentationRun run, WorkLease lease) {
        return run != null && run.status == AugmentationRun.Status.RUNNING && lease.held();
    }

    private static boolean still(AugmentationRun run, Position at, WorkLease lease) {
        return mine(run, lease) && Objects.equals(run.lastId, at.lastId()) && run.attempt == at.attempt();
    }

    private void finish(AugmentationRun run) {
        run.status = AugmentationRun.Status.DONE;
        run.updatedAt = Instant.now();
        events.publishDone(run);
    }

    private static void fail(AugmentationRun run, String reason) {
        run.status = AugmentationRun.Status.FAILED;
        run.reason = reason;
        run.updatedAt = Instant.now();
    }
}
