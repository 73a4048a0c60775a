package io.tunepipe.contracts;

/**
 * A training job moved to a new status.
 *
 * @param retrievalModel a model the provider serves that answers by retrieval over the same training data with no
 *                       fine-tuning (the local provider's); null when evaluation puts retrieved training pairs in
 *                       the base model's prompt instead
 */
public record TrainingJobStatusChanged(EventMetadata metadata, String jobId, String datasetId, String provider,
        String providerJobId, String baseModel, JobStatus status, String fineTunedModel, Long trainedTokens,
        JobError error, String retrievalModel) implements TunepipeEvent {

    public static final String TYPE = "io.tunepipe.training-job.status-changed";

    @Override
    public String key() {
        return jobId;
    }
}
