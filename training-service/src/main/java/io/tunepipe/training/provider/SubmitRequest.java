package io.tunepipe.training.provider;

import io.tunepipe.training.preparation.Hyperparameters;

/**
 * What a provider needs to start a fine-tune.
 *
 * @param validationFileId null when the dataset has no validation examples
 * @param seed             null to let the provider choose
 * @param submissionKey    unique per submission of a job; stored with the provider's job to find it again
 */
public record SubmitRequest(String baseModel, String trainingFileId, String validationFileId,
        Hyperparameters hyperparameters, Long seed, String suffix, String submissionKey) {
}
