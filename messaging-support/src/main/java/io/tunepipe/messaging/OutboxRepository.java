package io.tunepipe.messaging;

import io.tunepipe.contracts.EventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.util.List;

/**
 * The {@code outbox_events} table: rows written with plain SQL (so that a long ingest does not pile entities up in
 * the persistence context), claimed in insertion order, deleted once sent.
 */
@ApplicationScoped
public class OutboxRepository {

    @Inject
    EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(String topic, String key, String eventType, EventMetadata meta, String payload) {
        em.createNativeQuery("INSERT INTO outbox_events (event_id, topic, record_key, event_type, source, subject,"
                        + " event_time, schema_version, payload) VALUES (:id, :topic, :key, :type, :source, :subject,"
                        + " :time, :version, :payload)")
                .setParameter("id", meta.id())
                .setParameter("topic", topic)
                .setParameter("key", key)
                .setParameter("type", eventType)
                .setParameter("source", meta.source())
                .setParameter("subject", meta.subject())
                .setParameter("time", Timestamp.from(meta.time()))
                .setParameter("version", meta.schemaVersion())
                .setParameter("payload", payload)
                .executeUpdate();
    }

    /** The oldest {@code max} rows no other transaction holds, locked until this one ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<OutboxEvent> claimOldest(int max) {
        return em.createNativeQuery("SELECT * FROM outbox_events ORDER BY id LIMIT :max FOR UPDATE SKIP LOCKED",
                        OutboxEvent.class)
                .setParameter("max", max)
                .getResultList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void delete(List<Long> ids) {
        if (!ids.isEmpty()) {
            em.createNativeQuery("DELETE FROM outbox_events WHERE id IN (:ids)")
                    .setParameter("ids", ids)
                    .executeUpdate();
        }
    }
}
