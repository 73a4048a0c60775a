package io.tunepipe.training.provider.local;

import io.tunepipe.contracts.JobError;
import io.tunepipe.localmodel.EpochMetrics;
import io.tunepipe.training.preparation.Hyperparameters;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderEvent;
import io.tunepipe.training.provider.ProviderJob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

    /** Adds an event, numbered after the ones before it. */
    void event(String level, String type, String message, Map<String, Object> data) {
        events.add(new ProviderEvent("ftevent-" + id + "-" + events.size(), Instant.now(), level, type, message,
                data));
    }

    /** Records an epoch's metrics as OpenAI reports them: a metrics event and a checkpoint. */
    void epochDone(EpochMetrics m, String modelName) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("step", m.step());
        data.put("epoch", m.epoch());
        data.put("train_loss", m.trainLoss());
        data.put("train_mean_token_accuracy", m.trainAccuracy());
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("step", (double) m.step());
        metrics.put("train_loss", m.trainLoss());
        metrics.put("train_mean_token_accuracy", m.trainAccuracy());
        if (m.validLoss() != null) {
            data.put("valid_loss", m.validLoss());
            data.put("valid_mean_token_accuracy", m.validAccuracy());
            metrics.put("valid_loss", m.validLoss());
            metrics.put("valid_mean_token_accuracy", m.validAccuracy());
        }
        event("info", "metrics", "Step " + m.step() + " (epoch " + m.epoch() + "): training loss="
                + String.format(Locale.ROOT, "%.4f", m.trainLoss()), data);
        checkpoints.add(new ProviderCheckpoint("ftckpt-" + id + "-" + m.epoch(), Instant.now(), m.step(),
                modelName + ":ckpt-step-" + m.step(), metrics));
    }

    /** The job as the provider interface describes it. */
    ProviderJob view() {
        JobError error = errorCode == null ? null : new JobError(errorCode, errorMessage);
        return new ProviderJob(id, ProviderJob.statusOf(status), status, fineTunedModel, trainedTokens, error,
                retrievalModel);
    }

    boolean finished() {
        return "succeeded".equals(status) || "failed".equals(status) || "cancelled".equals(status);
    }
}
