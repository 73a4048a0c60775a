package io.tunepipe.augment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.tunepipe.augment.config.AugmentConfig;
import io.tunepipe.augment.paraphrase.CandidateFilter;
import io.tunepipe.augment.paraphrase.OfflineParaphraser;
import io.tunepipe.augment.paraphrase.Paraphraser;
import io.tunepipe.augment.repository.AugmentationRun;
import io.tunepipe.augment.repository.TrainingQuestions;
import io.tunepipe.contracts.DatasetAugmented;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.ExampleBatcher;
import io.tunepipe.contracts.ExamplesAugmented;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.Topics;
import io.tunepipe.messaging.ExampleStore;
import io.tunepipe.messaging.Outbox;
import io.tunepipe.text.SentenceEmbedder;
import jakarta.annotation.PreDestroy;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Paraphrases the training questions of a dataset once all of it has arrived. Each chunk is one transaction:
 * its paraphrases, the batches announcing them (through the outbox, with ids derived from the batch index) and
 * the run's progress commit together, so a restart resumes after the last committed chunk and nothing is lost or
 * published twice. The last transaction announces the dataset as augmented.
 */
@ApplicationScoped
public class AugmentationService {

    public static final String SOURCE = "/augment-service";
    private static final Logger LOG = Logger.getLogger(AugmentationService.class);
    private static final int SAMPLE_SIZE = 20;

    @Inject
    AugmentConfig config;
    @Inject
    TrainingQuestions questions;
    @Inject
    ExampleStore examples;
    @Inject
    Outbox outbox;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry metrics;

    private final ExecutorService workers = Executors.newSingleThreadExecutor();
    private volatile Paraphraser offline;

    void onStart(@Observes StartupEvent start) {
        for (AugmentationRun run : QuarkusTransaction.requiringNew().call(AugmentationRun::resumable)) {
            LOG.infof("resuming the augmentation of %s after a restart", run.datasetId);
            workers.submit(() -> run(run.datasetId));
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** Starts augmenting once the transaction that completed the dataset has committed its examples. */
    void onComplete(@Observes(during = TransactionPhase.AFTER_SUCCESS) DatasetComplete complete) {
        start(complete.datasetId());
    }

    /** Registers a run for a complete dataset (once: a second call changes nothing) and starts it after commit. */
    public void start(String datasetId) {
        boolean created = QuarkusTransaction.requiringNew().call(() -> {
            if (AugmentationRun.findById(datasetId) != null) {
                return false;
            }
            AugmentationRun run = new AugmentationRun();
            run.datasetId = datasetId;
            run.status = AugmentationRun.Status.PENDING;
            run.paraphraser = "offline";
            run.total = examples.countBySplit(datasetId).getOrDefault(Split.TRAIN, 0L);
            run.createdAt = Instant.now();
            run.updatedAt = run.createdAt;
            run.persist();
            return true;
        });
        if (created) {
            workers.submit(() -> run(datasetId));
        }
    }

    private void run(String datasetId) {
        MDC.put("datasetId", datasetId);
        try {
            Set<String> known = new HashSet<>();
            questions.forEachQuestion(datasetId, q -> known.add(CandidateFilter.key(q)));
            CandidateFilter filter = new CandidateFilter(SentenceEmbedder.shared(), config.minSimilarity(),
                    config.maxSimilarity(), config.paraphrasesPerQuestion());
            Paraphraser paraphraser = paraphraser();
            boolean more = true;
            while (more) {
                more = QuarkusTransaction.requiringNew().timeout(600).call(() -> chunk(datasetId, paraphraser, filter,
                        known));
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "augmentation of %s failed", datasetId);
            QuarkusTransaction.requiringNew().run(() -> {
                AugmentationRun run = AugmentationRun.findById(datasetId);
                run.status = AugmentationRun.Status.FAILED;
                run.reason = e.getMessage();
                run.updatedAt = Instant.now();
            });
        } finally {
            MDC.remove("datasetId");
        }
    }

    /** Paraphrases the next chunk; returns false once the run is done. */
    private boolean chunk(String datasetId, Paraphraser paraphraser, CandidateFilter filter, Set<String> known) {
        AugmentationRun run = AugmentationRun.findById(datasetId);
        if (run.status == AugmentationRun.Status.DONE || run.status == AugmentationRun.Status.FAILED) {
            return false;
        }
        run.status = AugmentationRun.Status.RUNNING;
        List<Example> sources = questions.chunk(datasetId, run.lastId, config.chunkSize());
        if (sources.isEmpty()) {
            finish(run);
            return false;
        }
        Map<String, Long> rejected = rejected(run);
        List<Example> paraphrases = new ArrayList<>();
        for (Example source : sources) {
            CandidateFilter.Outcome outcome = filter.filter(source.prompt(), source.completion(),
                    paraphraser.candidates(source.prompt()), known);
            run.generated += outcome.generated();
            outcome.rejected().forEach((reason, n) -> rejected.merge(reason, n, Long::sum));
            for (int k = 0; k < outcome.kept().size(); k++) {
                paraphrases.add(new Example(source.id() + "/p" + (k + 1), source.groupId(), Split.TRAIN,
                        outcome.kept().get(k), source.completion(), source.system(), Origin.PARAPHRASE, source.id(),
                        source.sourceLine()));
            }
        }
        examples.insert(datasetId, paraphrases);
        ExampleBatcher batcher = new ExampleBatcher(batch -> {
            int index = run.batches++;
            outbox.publish(Topics.EXAMPLES_AUGMENTED, new ExamplesAugmented(EventMetadata.deterministic(SOURCE,
                    datasetId, datasetId + "/augmented/" + index), datasetId, index, batch));
        });
        paraphrases.forEach(batcher::add);
        batcher.flush();
        run.kept += paraphrases.size();
        run.processed += sources.size();
        run.lastId = sources.get(sources.size() - 1).id();
        run.rejected = toJson(rejected);
        if (run.sample == null || run.sample.length() < 2000) {
            run.sample = toJson(paraphrases.stream().limit(SAMPLE_SIZE)
                    .map(p -> Map.of("question", p.prompt(), "sourceId", p.sourceId())).toList());
        }
        run.updatedAt = Instant.now();
        metrics.counter("tunepipe.augment.paraphrases.kept").increment(paraphrases.size());
        return true;
    }

    private void finish(AugmentationRun run) {
        run.status = AugmentationRun.Status.DONE;
        run.updatedAt = Instant.now();
        outbox.publish(Topics.DATASETS_AUGMENTED, new DatasetAugmented(EventMetadata.deterministic(SOURCE,
                run.datasetId, run.datasetId + "/augmented"), run.datasetId, run.paraphraser, run.batches,
                run.generated, run.kept, rejected(run)));
        LOG.infof("augmented %s: %d training questions, %d candidates, %d kept in %d batches, rejected %s",
                run.datasetId, run.processed, run.generated, run.kept, run.batches, run.rejected);
    }

    /** Rejected candidates of a run by reason. */
    public Map<String, Long> rejected(AugmentationRun run) {
        if (run.rejected == null) {
            return new TreeMap<>();
        }
        try {
            return json.readValue(run.rejected, new TypeReference<TreeMap<String, Long>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized Paraphraser paraphraser() {
        if (offline == null) {
            offline = new OfflineParaphraser();
        }
        return offline;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
