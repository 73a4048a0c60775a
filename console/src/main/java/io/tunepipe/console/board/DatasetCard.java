package io.tunepipe.console.board;

import io.tunepipe.contracts.SplitCounts;
import io.tunepipe.contracts.Verdict;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A dataset as the console shows it: its stage, what each service counted, and its timeline.
 *
 * @param augmentedBatches batches of paraphrased examples published so far
 * @param verdict          the verdict of the dataset's newest evaluation; null before one completed
 * @param problem          why the dataset stopped short of a verdict on its model, when it did
 */
public record DatasetCard(String id, String name, Stage stage, Instant updatedAt, Long rowsRead, SplitCounts examples,
        Map<String, Long> rejectedByReason, Long duplicates, Long conflicts, int augmentedBatches,
        Long paraphrasesGenerated, Long paraphrasesKept, Map<String, Long> paraphraseRejections, String jobId,
        String evaluationId, Verdict verdict, String problem, List<TimelineEntry> timeline) {

    /**
     * Where a dataset is in the pipeline: the last stage it reached, or how it ended (REJECTED, TRAINING_FAILED,
     * EVALUATION_FAILED, HELD, PROMOTED).
     */
    public enum Stage {
        INGESTING, REJECTED, AUGMENTING, AUGMENTED, TRAINING, TRAINING_FAILED, EVALUATING,
        EVALUATION_FAILED, HELD, PROMOTED
    }
}
