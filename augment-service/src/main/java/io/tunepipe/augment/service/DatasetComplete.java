package io.tunepipe.augment.service;

/** CDI event: every ingested batch of a dataset is stored. */
public record DatasetComplete(String datasetId) {
}
