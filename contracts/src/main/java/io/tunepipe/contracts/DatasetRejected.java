package io.tunepipe.contracts;

/** A file could not be read at all; {@code reason} says why in words a user understands. */
public record DatasetRejected(EventMetadata metadata, String datasetId, String name, String reason)
        implements TunepipeEvent {

    public static final String TYPE = "io.tunepipe.dataset.rejected";

    @Override
    public String key() {
        return datasetId;
    }
}
