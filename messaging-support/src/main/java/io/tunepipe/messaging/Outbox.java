package io.tunepipe.messaging;

import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.TunepipeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** Publishes events through the transactional outbox: they reach Kafka if and only if the transaction commits. */
@ApplicationScoped
public class Outbox {

    @Inject
    Event<OutboxRelay.Written> written;

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String topic, TunepipeEvent event) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = event.metadata().id();
        row.topic = topic;
        row.recordKey = event.key();
        row.eventType = event.type();
        row.source = event.metadata().source();
        row.subject = event.metadata().subject();
        row.eventTime = event.metadata().time();
        row.schemaVersion = event.metadata().schemaVersion();
        row.payload = EventCodec.encode(event);
        row.createdAt = Instant.now();
        row.persist();
        written.fire(OutboxRelay.Written.INSTANCE);
    }
}
