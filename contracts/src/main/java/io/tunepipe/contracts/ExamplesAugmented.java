package io.tunepipe.contracts;

import java.util.List;

/** Paraphrase examples generated from one ingested batch; {@link DatasetAugmented} says how many batches there are. */
public record ExamplesAugmented(EventMetadata metadata, String datasetId, int batchIndex, List<Example> examples)
        implements TunepipeEvent {

    public static final String TYPE = "io.tunepipe.examples.augmented";

    @Override
    public String key() {
        return datasetId + "/" + batchIndex;
    }
}
