package io.tunepipe.contracts;

/** A training job moved to a new status. */
public record TrainingJobStatusChanged(EventMetadata metadata, String jobId, String datasetId, String provider,
        String providerJobId, String baseModel, JobStatus status, String fineTunedModel, Long trainedTokens,
        JobError error) implements TunepipeEvent {

    public static final String TYPE = "io.tunepipe.training-job.status-changed";

    @Override
    public String key() {
        return jobId;
    }
}
