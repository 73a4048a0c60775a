package io.tunepipe.augment.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.tunepipe.augment.repository.AugmentationRun;
import io.tunepipe.contracts.DatasetAugmented;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.ExampleBatcher;
import io.tunepipe.contracts.ExamplesAugmented;
import io.tunepipe.contracts.Topics;
import io.tunepipe.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run announces, through the outbox in the caller's transaction, and counts in the metrics: its paraphrases
 * in batches whose ids derive from the attempt and batch index, then the dataset as augmented.
 */
@ApplicationScoped
public class AugmentationEvents {

    static final String SOURCE = "/augment-service";
    /** Prefix of the rejectedByReason keys that count questions the paraphraser failed on, not candidates. */
    static final String QUESTION_FAILED = "question-failed:";
    private static final Logger LOG = Logger.getLogger(AugmentationEvents.class);

    @Inject
    Outbox outbox;
    @Inject
    MeterRegistry metrics;
    @Inject
    RunTallies tallies;

    /** Publishes a chunk's paraphrases in batches, numbered on from the run's last batch. */
    void publishBatches(AugmentationRun run, List<Example> paraphrases) {
        String datasetId = run.datasetId;
        ExampleBatcher batcher = new ExampleBatcher(batch -> {
            int index = run.batches++;
            outbox.publish(Topics.EXAMPLES_AUGMENTED, new ExamplesAugmented(EventMetadata.deterministic(SOURCE,
                    datasetId, datasetId + "/augmented/" + run.attempt + "/" + index), datasetId, index, batch));
        });
        paraphrases.forEach(batcher::add);
        batcher.flush();
    }

    /** Announces the finished run with its counts. */
    void publishDone(AugmentationRun run) {
        Map<String, Long> reasons = new TreeMap<>(tallies.rejected(run));
        tallies.failed(run).forEach((reason, n) -> reasons.put(QUESTION_FAILED + reason, n));
        outbox.publish(Topics.DATASETS_AUGMENTED, new DatasetAugmented(EventMetadata.deterministic(SOURCE,
                run.datasetId, run.datasetId + "/augmented/" + run.attempt), run.datasetId, run.paraphraser,
                run.batches, run.generated, run.kept, reasons));
        metrics.counter("tunepipe.augment.runs.completed", "paraphraser", run.paraphraser).increment();
        LOG.infof("augmented %s: %d training questions, %d candidates, %d kept in %d batches, rejected %s, failed %s",
                run.datasetId, run.processed, run.generated, run.kept, run.batches, run.rejected, run.failed);
    }

    /** Counts a committed chunk's candidates and outcomes. */
    void count(ChunkOutcome outcome) {
        metrics.counter("tunepipe.augment.candidates.generated").increment(outcome.generated());
        metrics.counter("tunepipe.augment.paraphrases.kept").increment(outcome.paraphrases().size());
        outcome.rejected().forEach((reason, n) -> metrics.counter("tunepipe.augment.candidates.rejected",
                "reason", reason).increment(n));
        outcome.failed().forEach((reason, n) -> metrics.counter("tunepipe.augment.questions.failed",
                "reason", reason).increment(n));
    }
}
