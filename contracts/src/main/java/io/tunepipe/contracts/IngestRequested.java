package io.tunepipe.contracts;

/** A command asking ingest-service to read a CSV file at a path it can reach. */
public record IngestRequested(EventMetadata metadata, String path, String name, ColumnMapping mapping, boolean force)
        implements TunepipeEvent {

    public static final String TYPE = "io.tunepipe.ingest.requested";

    @Override
    public String key() {
        return path;
    }
}
