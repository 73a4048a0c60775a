package io.tunepipe.training.messaging;

import io.tunepipe.contracts.Topics;
import io.tunepipe.training.preparation.Hyperparameters;

/**
 * A request, on the {@code training-commands} topic, to train a model on a dataset. It lives here until it moves to
 * {@code contracts}; its JSON: {"commandId", "datasetId", "provider", "baseModel", "hyperparameters": {"n_epochs",
 * "batch_size", "learning_rate_multiplier"}, "seed", "suffix"}, all but commandId and datasetId optional.
 *
 * @param commandId makes the command idempotent: a redelivery or a re-send with the same id queues no second job
 */
public record TrainCommand(String commandId, String datasetId, String provider, String baseModel,
        Hyperparameters hyperparameters, Long seed, String suffix) {

    public static final String TOPIC = Topics.TRAINING_COMMANDS;
}
