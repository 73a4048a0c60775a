package io.tunepipe.contracts;

import java.util.List;

/** One batch of cleaned, split examples of a dataset; {@link DatasetIngested} says how many batches there are. */
public record ExamplesIngested(EventMetadata metadata, String datasetId, int batchIndex, List<Example> examples)
        implements TunepipeEvent {

    public static final String TYPE = "io.tunepipe.examples.ingested";

    @Override
    public String key() {
        return datasetId + "/" + batchIndex;
    }
}
