package io.tunepipe.training.provider.local;

import io.tunepipe.training.preparation.Hyperparameters;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The record of one local fine-tune, kept as JSON so that it outlives the process. */
public final class LocalJob {

    public String id;
    public String submissionKey;
    public String baseModel;
    public String trainingFileId;
    public String validationFileId;
    public Hyperparameters hyperparameters;
    public Long seed;
    public String suffix;
    /** validating_files, queued, running, succeeded, failed or cancelled, as OpenAI words them. */
    public String status;
    public String fineTunedModel;
    /** The same retrieval over the same data with no training: the baseline the fine-tune is weighed against. */
    public String retrievalModel;
    public Long trainedTokens;
    public String errorCode;
    public String errorMessage;
    public boolean cancelRequested;
    public Instant createdAt;
    public List<ProviderEvent> events = new ArrayList<>();
    public List<ProviderCheckpoint> checkpoints = new ArrayList<>();

    boolean finished() {
        return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
    }
}
