package io.tunepipe.cli;

import io.tunepipe.contracts.DatasetAugmented;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EvaluationCompleted;
import io.tunepipe.contracts.TrainingJobStatusChanged;

/**
 * What one dataset's run through the pipeline came to, stage by stage; a stage not reached is null, and
 * {@code failure} says where and why a run stopped early.
 */
public record RunSummary(String datasetId, DatasetIngested ingested, DatasetAugmented augmented,
        TrainingJobStatusChanged training, EvaluationCompleted evaluation, String reportUrl, String failure) {

    public boolean succeeded() {
        return failure == null && evaluation != null;
    }
}
