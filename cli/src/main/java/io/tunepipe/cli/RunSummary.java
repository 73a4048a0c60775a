package io.tunepipe.cli;

import io.tunepipe.contracts.DatasetAugmented;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EvaluationCompleted;
import io.tunepipe.contracts.TrainingJobStatusChanged;
import io.tunepipe.contracts.Verdict;

/**
 * What one dataset's run through the pipeline came to, stage by stage; a stage not reached is null, and
 * {@code failure} says where and why a run stopped before its evaluation.
 */
public record RunSummary(String datasetId, DatasetIngested ingested, DatasetAugmented augmented,
        TrainingJobStatusChanged training, EvaluationCompleted evaluation, String reportUrl, String failure) {

    /** Whether the run went as far as a verdict on its model, PROMOTED or HELD: the evaluation did not fail. */
    public boolean judged() {
        return failure == null && evaluation != null && evaluation.verdict().outcome() != Verdict.Outcome.FAILED;
    }

    /** Whether the run ended with a promoted model, the one outcome a script may read as success. */
    public boolean promoted() {
        return judged() && evaluation.verdict().promoted();
    }
}
