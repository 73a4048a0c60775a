package io.tunepipe.contracts;

import java.util.Map;

/**
 * Every training example of a dataset has been paraphrased.
 *
 * @param batchCount       number of {@link ExamplesAugmented} batches published for the dataset
 * @param rejectedByReason paraphrase candidates rejected, by reason code
 */
public record DatasetAugmented(EventMetadata metadata, String datasetId, String paraphraser, int batchCount,
        long generated, long kept, Map<String, Long> rejectedByReason) implements TunepipeEvent {

    public static final String TYPE = "io.tunepipe.dataset.augmented";

    public DatasetAugmented {
        rejectedByReason = Map.copyOf(rejectedByReason);
    }

    @Override
    public String key() {
        return datasetId;
    }
}
