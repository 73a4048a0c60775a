package io.tunepipe.augment.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
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
import io.tunepipe.text.SentenceEmbedder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Paraphrases the training questions of a dataset once all of it has arrived. An instance works on a run only
 * while it holds its claim (a conditional update with a lease it keeps renewing), so two instances never work on
 * one dataset. Each chunk is paraphrased outside any transaction, then committed in one: the paraphrases, the
 * batches announcing them (through the outbox, with ids derived from the attempt and batch index) and the run's
 * progress, after checking under a row lock that the claim and the progress are still this worker's. A restart
 * resumes after the last committed chunk with nothing lost or published twice; the last transaction announces
 * the dataset as augmented.
 */
@ApplicationScoped
public class AugmentationService {

    private static final Logger LOG = Logger.getLogger(AugmentationService.class);
    private static final int WORKERS = 2;

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

    private final String instance = "augment-" + UUID.randomUUID();
    private final Set<String> working = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private ExecutorService workers;
    private ScheduledExecutorService sweeper;

    /** Where a worker found the run before paraphrasing a chunk; the commit checks it has not moved. */
    private record Position(String lastId, int attempt) {
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts the workers and the sweep that renews this instance's claims and takes runs nobody holds. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        workers = Executors.newFixedThreadPool(WORKERS, r -> new Thread(r, "augment-worker"));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "augment-sweeper"));
        long period = Math.max(200, config.claimLease().toMillis() / 3);
        sweeper.scheduleWithFixedDelay(this::sweep, 0, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops cleanly: workers finish the chunk in hand (or abandon it uncommitted), then this instance's unfinished
     * runs are released so that another instance, or this one started again, resumes them at once.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        sweeper.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int released = QuarkusTransaction.requiringNew().call(() -> runs.release(instance));
        LOG.infof("augmentation workers stopped; %d unfinished run(s) released", released);
    }

    /** Starts augmenting once the transaction that completed the dataset has committed its examples. */
    void onComplete(@Observes(during = TransactionPhase.AFTER_SUCCESS) DatasetComplete complete) {
        String datasetId = complete.datasetId();
        QuarkusTransaction.requiringNew().run(() -> runs.create(datasetId, paraphrasers.defaultName(),
                examples.countBySplit(datasetId).getOrDefault(Split.TRAIN, 0L)));
        claimAndSubmit(datasetId);
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
                return Optional.of(AugmentationRun.<AugmentationRun>findById(datasetId));
            }
            AugmentationRun r = runs.lock(datasetId);
            if (r.claimed()) {
                throw new RunConflictException("dataset " + datasetId + " is being augmented now (attempt "
                        + r.attempt + ", " + r.processed + " of " + r.total + " questions); try again when it is done");
            }
            questions.deleteParaphrases(datasetId);
            r.restart(name, total);
            return Optional.of(r);
        });
        run.ifPresent(r -> {
            LOG.infof("augmentation of %s (attempt %d) requested with the %s paraphraser", datasetId, r.attempt, name);
            claimAndSubmit(datasetId);
        });
        return run;
    }

    private void sweep() {
        try {
            QuarkusTransaction.requiringNew().run(() -> runs.renew(instance, config.claimLease()));
            for (String datasetId : QuarkusTransaction.requiringNew().call(runs::claimable)) {
                claimAndSubmit(datasetId);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "augmentation sweep failed; next sweep will try again");
        }
    }

    private synchronized void claimAndSubmit(String datasetId) {
        if (!running || working.contains(datasetId)) {
            return;
        }
        if (QuarkusTransaction.requiringNew().call(() -> runs.claim(datasetId, instance,
                config.claimLease()))) {
            working.add(datasetId);
            workers.submit(() -> run(datasetId));
        }
    }

    private void run(String datasetId) {
        MDC.put("datasetId", datasetId);
        try {
            AugmentationRun start = QuarkusTransaction.requiringNew().call(() -> runs.findById(datasetId));
            LOG.infof("augmenting %s (attempt %d, %s paraphraser) from %s", datasetId, start.attempt,
                    start.paraphraser, start.lastId == null ? "the start" : "after " + start.lastId);
            Paraphraser paraphraser = paraphrasers.get(start.paraphraser);
            Set<String> known = new HashSet<>();
            questions.forEachQuestion(datasetId, q -> known.add(CandidateFilter.key(q)));
            CandidateFilter filter = new CandidateFilter(SentenceEmbedder.shared(), config.minSimilarity(),
                    config.maxSimilarity(), config.paraphrasesPerQuestion());
            while (running && chunk(datasetId, paraphraser, filter, known)) {
                LOG.debugf("chunk of %s committed", datasetId);
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.errorf(e, "augmentation of %s failed", datasetId);
                QuarkusTransaction.requiringNew().run(() -> {
                    AugmentationRun run = runs.lock(datasetId);
                    if (instance.equals(run.owner)) {
                        run.status = AugmentationRun.Status.FAILED;
                        run.reason = String.valueOf(e.getMessage());
                        run.owner = null;
                        run.updatedAt = Instant.now();
                    }
                });
            } else {
                LOG.infof("augmentation of %s interrupted by the stop; it resumes from its last chunk", datasetId);
            }
        } finally {
            working.remove(datasetId);
            MDC.remove("datasetId");
        }
    }

    /** Paraphrases and commits the next chunk; false once the run is done or no longer this worker's. */
    private boolean chunk(String datasetId, Paraphraser paraphraser, CandidateFilter filter, Set<String> known) {
        Position at = QuarkusTransaction.requiringNew().call(() -> {
            AugmentationRun run = runs.findById(datasetId);
            return mine(run) ? new Position(run.lastId, run.attempt) : null;
        });
        if (at == null) {
            return false;
        }
        List<Example> sources = questions.chunk(datasetId, at.lastId(), config.chunkSize());
        if (sources.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> {
                AugmentationRun run = runs.lock(datasetId);
                if (still(run, at)) {
                    finish(run);
                }
            });
            return false;
        }
        List<Paraphraser.Proposal> proposals = paraphraser.propose(sources.stream().map(Example::prompt).toList());
        ChunkOutcome outcome = ChunkOutcome.of(sources, proposals, filter, known);
        boolean committed = QuarkusTransaction.requiringNew().call(() -> commit(datasetId, at, sources, outcome));
        if (committed) {
            events.count(outcome);
        }
        return committed;
    }

    /** Stores the chunk's paraphrases and publishes them in batches, unless the run moved on meanwhile. */
    private boolean commit(String datasetId, Position at, List<Example> sources, ChunkOutcome outcome) {
        AugmentationRun run = runs.lock(datasetId);
        if (!still(run, at)) {
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

    private boolean mine(AugmentationRun run) {
        return run != null && run.status == AugmentationRun.Status.RUNNING && instance.equals(run.owner);
    }

    private boolean still(AugmentationRun run, Position at) {
        return mine(run) && Objects.equals(run.lastId, at.lastId()) && run.attempt == at.attempt();
    }

    private void finish(AugmentationRun run) {
        run.status = AugmentationRun.Status.DONE;
        run.owner = null;
        run.leaseUntil = null;
        run.updatedAt = Instant.now();
        events.publishDone(run);
    }
}
