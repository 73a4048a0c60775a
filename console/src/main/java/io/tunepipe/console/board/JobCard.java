package io.tunepipe.console.board;

import io.tunepipe.contracts.JobStatus;

import java.time.Instant;

/**
 * A training job as its status events tell it.
 *
 * @param retrievalModel the provider's model answering by retrieval over the same data, for the baseline
 */
public record JobCard(String id, String datasetId, String provider, String providerJobId, String baseModel,
        JobStatus status, String fineTunedModel, String retrievalModel, Long trainedTokens, String error,
        Instant updatedAt) {
}
