package io.tunepipe.messaging;

import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.TunepipeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;

/**
 * Publishes events through the transactional outbox: they reach Kafka if and only if the transaction commits.
 * Rows are written with plain SQL so that a long ingest does not pile entities up in the persistence context.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    EntityManager em;

    @Inject
    Event<OutboxRelay.Written> written;

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String topic, TunepipeEvent event) {
        var meta = event.metadata();
        em.createNativeQuery("INSERT INTO outbox_events (event_id, topic, record_key, event_type, source, subject,"
                        + " event_time, schema_version, payload) VALUES (:id, :topic, :key, :type, :source, :subject,"
                        + " :time, :version, :payload)")
                .setParameter("id", meta.id())
                .setParameter("topic", topic)
                .setParameter("key", event.key())
                .setParameter("type", event.type())
                .setParameter("source", meta.source())
                .setParameter("subject", meta.subject())
                .setParameter("time", Timestamp.from(meta.time()))
                .setParameter("version", meta.schemaVersion())
                .setParameter("payload", EventCodec.encode(event))
                .executeUpdate();
        written.fire(OutboxRelay.Written.INSTANCE);
    }
}
