package io.tunepipe.training.rest;

import io.tunepipe.training.preparation.DataReport;

/** The data checks and cost estimate of training a dataset with a provider and base model, before running it. */
public record Estimate(String datasetId, String provider, String baseModel, DataReport report) {
}
