package io.tunepipe.training.rest;

import io.tunepipe.contracts.JobStatus;
import io.tunepipe.training.preparation.Hyperparameters;
import io.tunepipe.training.repository.TrainingJob;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A job as the REST API shows it.
 *
 * @param baseModelShutdownDate the day the provider shuts the base model down, when it has announced one
 */
public record JobView(String id, String datasetId, String provider, String baseModel, Hyperparameters hyperparameters,
        Long seed, String suffix, JobStatus status, String statusDetail, int submission, String providerJobId,
        String trainingFileId, String validationFileId, String fineTunedModel, String retrievalModel,
        Long trainedTokens, Integer trainingExamples, Integer validationExamples, Integer estimatedEpochs,
        Long estimatedBilledTokens, String errorCode, String errorMessage, boolean cancelRequested, int attempts,
        Instant nextAttemptAt, Instant createdAt, Instant updatedAt, LocalDate baseModelShutdownDate) {

    static JobView of(TrainingJob j) {
        return new JobView(j.id, j.datasetId, j.provider, j.baseModel, j.hyperparameters(), j.seed, j.suffix,
                j.status, j.statusDetail, j.submission, j.providerJobId, j.trainingFileId, j.validationFileId,
                j.fineTunedModel, j.retrievalModel, j.trainedTokens, j.trainingExamples, j.validationExamples,
                j.estimatedEpochs, j.estimatedBilledTokens, j.errorCode, j.errorMessage, j.cancelRequested, j.attempts,
                j.nextAttemptAt, j.createdAt, j.updatedAt, j.baseModelShutdownDate);
    }
}
