package io.tunepipe.console.board;

import io.tunepipe.contracts.JobStatus;

import java.time.Instant;

/** A training job as its status events tell it. */
public record JobCard(String id, String datasetId, String provider, String providerJobId, String baseModel,
        JobStatus status, String fineTunedModel, Long trainedTokens, String error, Instant updatedAt) {
}
