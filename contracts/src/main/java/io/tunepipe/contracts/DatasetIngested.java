package io.tunepipe.contracts;

import java.util.Map;

/**
 * A dataset has been read to the end; consumers have all of it once they hold {@code batchCount} batches.
 *
 * @param rejectedByReason rejected rows counted by reason code
 * @param duplicates       exact duplicates removed
 * @param conflicts        questions seen with different answers
 */
public record DatasetIngested(EventMetadata metadata, String datasetId, String name, String contentHash, long rowsRead,
        SplitCounts examples, Map<String, Long> rejectedByReason, long duplicates, long conflicts, int batchCount)
        implements TunepipeEvent {

    public static final String TYPE = "io.tunepipe.dataset.ingested";

    public DatasetIngested {
        rejectedByReason = Map.copyOf(rejectedByReason);
    }

    @Override
    public String key() {
        return datasetId;
    }
}
