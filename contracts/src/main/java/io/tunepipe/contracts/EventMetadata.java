package io.tunepipe.contracts;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** CloudEvents attributes and schema version carried by every tunepipe event. */
public record EventMetadata(String id, String source, Instant time, String subject, int schemaVersion) {

    public EventMetadata {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
    }

    /** Metadata for a new event with a random id, stamped now. */
    public static EventMetadata create(String source, String subject) {
        return new EventMetadata(UUID.randomUUID().toString(), source, Instant.now(), subject,
                TunepipeEvent.SCHEMA_VERSION);
    }

    /** Metadata with an id derived from a stable key, so that re-publishing the same fact yields the same id. */
    public static EventMetadata deterministic(String source, String subject, String stableKey) {
        String id = UUID.nameUUIDFromBytes(stableKey.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        return new EventMetadata(id, source, Instant.now(), subject, TunepipeEvent.SCHEMA_VERSION);
    }
}
