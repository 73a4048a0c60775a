package io.tunepipe.training.provider;

import io.tunepipe.contracts.JobError;
import io.tunepipe.contracts.JobStatus;

/**
 * A fine-tuning job as the provider reports it, its status mapped onto ours.
 *
 * @param status         null when the provider reported a status we do not know (the job keeps its last one)
 * @param providerStatus the provider's own word for the status
 * @param retrievalModel a model the provider serves that answers by retrieval over the same training data without
 *                       fine-tuning, the baseline evaluation weighs the fine-tune against; null when it has none
 */
public record ProviderJob(String id, JobStatus status, String providerStatus, String fineTunedModel,
        Long trainedTokens, JobError error, String retrievalModel) {
}
