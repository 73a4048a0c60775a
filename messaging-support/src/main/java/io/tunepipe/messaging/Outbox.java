package io.tunepipe.messaging;

import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.TunepipeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import io.tunepipe.contracts.EventMetadata;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Publishes events through the transactional outbox: they reach Kafka if and only if the transaction commits.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    OutboxRepository rows;

    @Inject
    Event<OutboxRelay.Written> written;

    @Inject
    OutboxRelay relay;

    /** Publishes {@code event} with its payload; not for a type this service publishes by reference. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String topic, TunepipeEvent event) {
        if (relay.buildsByReference(event.type())) {
            throw new IllegalArgumentException(event.type() + " events are published by reference in this service");
        }
        insert(topic, event.key(), event.type(), event.metadata(), EventCodec.encode(event));
    }

    /**
     * Publishes an event of {@code eventType} whose payload the {@link PayloadByReference} of that type builds from
     * {@code reference} when the relay sends it; the data referred to must be written in this transaction or before.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishByReference(String topic, String key, String eventType, EventMetadata meta, String reference) {
        if (!relay.buildsByReference(eventType)) {
            throw new IllegalArgumentException("no PayloadByReference builds " + eventType + " events");
        }
        insert(topic, key, eventType, meta, reference);
    }

    /**
     * Withdraws the events of {@code topic} whose key starts with {@code keyPrefix} and that are not sent yet (an
     * event the relay is sending now is waited for; it is sent); returns how many were withdrawn.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int withdraw(String topic, String keyPrefix) {
        return rows.deleteUnsent(topic, keyPrefix);
    }

    private void insert(String topic, String key, String eventType, EventMetadata meta, String payload) {
        rows.insert(topic, key, eventType, meta, payload);
        written.fire(OutboxRelay.Written.INSTANCE);
    }
}
