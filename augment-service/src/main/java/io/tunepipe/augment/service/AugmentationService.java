package io.tunepipe.augment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tunepipe.augment.config.AugmentConfig;
import io.tunepipe.augment.paraphrase.CandidateFilter;
import io.tunepipe.augment.paraphrase.Paraphraser;
import io.tunepipe.augment.repository.AugmentationRun;
import io.tunepipe.augment.repository.AugmentationRunRepository;
import io.tunepipe.augment.repository.TrainingQuestionRepository;
import io.tunepipe.contracts.DatasetAugmented;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.ExampleBatcher;
import io.tunepipe.contracts.ExamplesAugmented;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.Topics;
import io.tunepipe.messaging.BatchLedgerRepository;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.messaging.Outbox;
import io.tunepipe.text.SentenceEmbedder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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

    public static final String SOURCE = "/augment-service";
    /** Prefix of the rejectedByReason keys that count questions the paraphraser failed on, not candidates. */
    public static final String QUESTION_FAILED = "question-failed:";
    private static final Logger LOG = Logger.getLogger(AugmentationService.class);
    private static final int SAMPLE_SIZE = 20;
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
    Outbox outbox;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry metrics;
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
            r.attempt++;
            r.status = AugmentationRun.Status.PENDING;
            r.paraphraser = name;
            r.owner = null;
            r.leaseUntil = null;
            r.total = total;
            r.processed = 0;
            r.lastId = null;
            r.generated = 0;
            r.kept = 0;
            r.rejected = null;
            r.failed = null;
            r.batches = 0;
            r.sample = null;
            r.reason = null;
            r.updatedAt = Instant.now();
            return Optional.of(r);
        });
        run.ifPresent(r -> {
            LOG.infof("augmentation of %s (attempt %d) requested with the %s paraphraser", datasetId, r.attempt, name);
            claimAndSubmit(datasetId);
        });
        return run;
    }

    /** Rejected candidates of a run by reason. */
    public Map<String, Long> rejected(AugmentationRun run) {
        return counts(run.rejected);
    }

    /** Questions of a run the paraphraser failed on, by reason. */
    public Map<String, Long> failed(AugmentationRun run) {
        return counts(run.failed);
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
        Map<String, Long> rejected = new TreeMap<>();
        Map<String, Long> failed = new TreeMap<>();
        List<Example> paraphrases = new ArrayList<>();
        long generated = 0;
        for (int i = 0; i < sources.size(); i++) {
            Example source = sources.get(i);
            Paraphraser.Proposal proposal = proposals.get(i);
            if (proposal.failed()) {
                failed.merge(proposal.failure(), 1L, Long::sum);
                continue;
            }
            CandidateFilter.Outcome outcome = filter.filter(source.prompt(), source.completion(),
                    proposal.candidates(), known);
            generated += outcome.generated();
            outcome.rejected().forEach((reason, n) -> rejected.merge(reason, n, Long::sum));
            for (int k = 0; k < outcome.kept().size(); k++) {
                paraphrases.add(new Example(source.id() + "/p" + (k + 1), source.groupId(), Split.TRAIN,
                        outcome.kept().get(k), source.completion(), source.system(), Origin.PARAPHRASE, source.id(),
                        source.sourceLine()));
            }
        }
        long chunkGenerated = generated;
        boolean committed = QuarkusTransaction.requiringNew().call(() -> {
            AugmentationRun run = runs.lock(datasetId);
            if (!still(run, at)) {
                LOG.infof("%s is no longer this worker's (claim lost or run reset); chunk dropped", datasetId);
                return false;
            }
            examples.insert(datasetId, paraphrases);
            ExampleBatcher batcher = new ExampleBatcher(batch -> {
                int index = run.batches++;
                outbox.publish(Topics.EXAMPLES_AUGMENTED, new ExamplesAugmented(EventMetadata.deterministic(SOURCE,
                        datasetId, datasetId + "/augmented/" + run.attempt + "/" + index), datasetId, index, batch));
            });
            paraphrases.forEach(batcher::add);
            batcher.flush();
            run.generated += chunkGenerated;
            run.kept += paraphrases.size();
            run.processed += sources.size();
            run.lastId = sources.get(sources.size() - 1).id();
            run.rejected = merged(run.rejected, rejected);
            run.failed = merged(run.failed, failed);
            run.sample = sampled(run.sample, paraphrases);
            run.updatedAt = Instant.now();
            return true;
        });
        if (committed) {
            count(chunkGenerated, paraphrases.size(), rejected, failed);
        }
        return committed;
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
        Map<String, Long> reasons = new TreeMap<>(rejected(run));
        failed(run).forEach((reason, n) -> reasons.put(QUESTION_FAILED + reason, n));
        outbox.publish(Topics.DATASETS_AUGMENTED, new DatasetAugmented(EventMetadata.deterministic(SOURCE,
                run.datasetId, run.datasetId + "/augmented/" + run.attempt), run.datasetId, run.paraphraser,
                run.batches, run.generated, run.kept, reasons));
        metrics.counter("tunepipe.augment.runs.completed", "paraphraser", run.paraphraser).increment();
        LOG.infof("augmented %s: %d training questions, %d candidates, %d kept in %d batches, rejected %s, failed %s",
                run.datasetId, run.processed, run.generated, run.kept, run.batches, run.rejected, run.failed);
    }

    private void count(long generated, int kept, Map<String, Long> rejected, Map<String, Long> failed) {
        metrics.counter("tunepipe.augment.candidates.generated").increment(generated);
        metrics.counter("tunepipe.augment.paraphrases.kept").increment(kept);
        rejected.forEach((reason, n) -> metrics.counter("tunepipe.augment.candidates.rejected", "reason", reason)
                .increment(n));
        failed.forEach((reason, n) -> metrics.counter("tunepipe.augment.questions.failed", "reason", reason)
                .increment(n));
    }

    private String sampled(String sample, List<Example> paraphrases) {
        List<Map<String, String>> list = new ArrayList<>();
        if (sample != null) {
            try {
                list.addAll(json.readValue(sample, new TypeReference<List<Map<String, String>>>() { }));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        for (Example p : paraphrases) {
            if (list.size() >= SAMPLE_SIZE) {
                break;
            }
            list.add(Map.of("id", p.id(), "question", p.prompt(), "sourceId", p.sourceId()));
        }
        return toJson(list);
    }

    private String merged(String stored, Map<String, Long> more) {
        Map<String, Long> all = counts(stored);
        more.forEach((reason, n) -> all.merge(reason, n, Long::sum));
        return toJson(all);
    }

    private Map<String, Long> counts(String stored) {
        if (stored == null) {
            return new TreeMap<>();
        }
        try {
            return json.readValue(stored, new TypeReference<TreeMap<String, Long>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
