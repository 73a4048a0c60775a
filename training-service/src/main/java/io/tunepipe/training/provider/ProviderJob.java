package io.tunepipe.training.provider;

import io.tunepipe.contracts.JobError;
import io.tunepipe.contracts.JobStatus;

import java.util.Locale;

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

    /**
     * Our status for a job status word of OpenAI's fine-tuning API (which the local provider speaks too); else null.
     */
    public static JobStatus statusOf(String openAiStatus) {
        if (openAiStatus == null) {
            return null;
        }
        return switch (openAiStatus.toLowerCase(Locale.ROOT)) {
            case "validating_files" -> JobStatus.VALIDATING_FILES;
            case "queued" -> JobStatus.PROVIDER_QUEUED;
            case "running" -> JobStatus.RUNNING;
            case "succeeded" -> JobStatus.SUCCEEDED;
            case "failed" -> JobStatus.FAILED;
            case "cancelled" -> JobStatus.CANCELLED;
            default -> null;
        };
    }
}
