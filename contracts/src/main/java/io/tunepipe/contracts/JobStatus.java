package io.tunepipe.contracts;

/** Life of a training job: ours (queued, preparing, submitted) then the provider's, then a final state. */
public enum JobStatus {
    QUEUED, PREPARING, SUBMITTED, VALIDATING_FILES, PROVIDER_QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
