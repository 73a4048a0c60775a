package io.tunepipe.ingest.service;

import io.tunepipe.ingest.repository.Dataset;

/** CDI event fired when an ingest ends, ingested or rejected. */
public record IngestFinished(Dataset dataset) {
}
