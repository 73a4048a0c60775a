package io.tunepipe.training.queue;

import io.tunepipe.training.preparation.Hyperparameters;

/**
 * What a new job trains: from REST, a command or the dataset-ready policy.
 *
 * @param provider  null for the configured default
 * @param baseModel null for the configured default
 */
public record JobSpec(String datasetId, String provider, String baseModel, Hyperparameters hyperparameters,
        Long seed, String suffix) {

    /** OpenAI's limit for the suffix of a fine-tuned model name. */
    public static final int MAX_SUFFIX = 64;

    public JobSpec {
        if (datasetId == null || datasetId.isBlank()) {
            throw new IllegalArgumentException("datasetId is required");
        }
        if (suffix != null && suffix.length() > MAX_SUFFIX) {
            throw new IllegalArgumentException("suffix has " + suffix.length() + " characters; at most " + MAX_SUFFIX);
        }
        hyperparameters = hyperparameters == null ? Hyperparameters.ALL_AUTO : hyperparameters;
    }
}
