package io.tunepipe.messaging;

import io.tunepipe.contracts.EventMetadata;

/**
 * Builds, when the relay sends it, the payload of an event of one type that the outbox holds as a reference to
 * data the service keeps anyway, so that large events are not stored twice in the publishing transaction.
 */
public interface PayloadByReference {

    /** The event type whose outbox rows this builds; one implementation per type. */
    String eventType();

    /** The event as it goes on the wire (UTF-8 JSON), from the reference given to {@link Outbox#publishByReference}. */
    byte[] payload(String reference, EventMetadata metadata);
}
