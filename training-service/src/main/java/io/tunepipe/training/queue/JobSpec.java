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
    private static final int MAX_DATASET_ID = 64;
    private static final int MAX_PROVIDER = 50;
    private static final int MAX_BASE_MODEL = 200;

    public JobSpec {
        if (datasetId == null || datasetId.isBlank()) {
            throw new IllegalArgumentException("datasetId is required");
        }
        requireLength("datasetId", datasetId, MAX_DATASET_ID);
        requireLength("provider", provider, MAX_PROVIDER);
        requireLength("baseModel", baseModel, MAX_BASE_MODEL);
        requireLength("suffix", suffix, MAX_SUFFIX);
        hyperparameters = hyperparameters == null ? Hyperparameters.ALL_AUTO : hyperparameters;
    }

    private static void requireLength(String name, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(name + " has " + value.length() + " characters; at most " + max
                    + " are allowed");
        }
    }
}
