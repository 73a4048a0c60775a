package io.tunepipe.training.rest;

import io.tunepipe.training.preparation.Hyperparameters;

/** A job to queue, or to estimate; everything but the dataset falls back to the configured defaults. */
public record CreateJobRequest(String datasetId, String provider, String baseModel, Hyperparameters hyperparameters,
        Long seed, String suffix) {
}
