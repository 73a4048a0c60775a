package io.tunepipe.messaging;

import io.tunepipe.contracts.EventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The {@code outbox_events} table: rows written with plain SQL (so that a long ingest does not pile entities up in
 * the persistence context), claimed in insertion order, deleted once sent, retried later or parked when a send fails.
 */
@ApplicationScoped
public class OutboxRepository {

    @Inject
    EntityManager em;

    /** A row that failed too often, as the console lists it. */
    public record Parked(long id, String topic, String key, String eventType, int attempts, String reason,
            Instant parkedAt) {
    }

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

    /**
     * The oldest {@code max} rows that are due and no other transaction holds, locked until this one ends. A row
     * behind an unparked row of its topic and key that failed before waits until that one is sent or parked.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<OutboxEvent> claimOldest(int max) {
        return em.createNativeQuery("SELECT * FROM outbox_events o WHERE o.parked_at IS NULL"
                                + " AND (o.retry_at IS NULL OR o.retry_at <= now())"
                                + " AND NOT EXISTS (SELECT 1 FROM outbox_events f WHERE f.attempts > 0"
                                + " AND f.parked_at IS NULL AND f.topic = o.topic AND f.record_key = o.record_key"
                                + " AND f.id < o.id)"
                                + " ORDER BY o.id LIMIT :max FOR UPDATE SKIP LOCKED",
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

    /** Deletes the rows of {@code topic} whose key starts with {@code keyPrefix}; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int deleteUnsent(String topic, String keyPrefix) {
        return em.createNativeQuery("DELETE FROM outbox_events WHERE topic = :topic"
                        + " AND left(record_key, :length) = :prefix")
                .setParameter("topic", topic)
                .setParameter("length", keyPrefix.length())
                .setParameter("prefix", keyPrefix)
                .executeUpdate();
    }

    /**
     * Counts a failed send of row {@code id}: it is tried again from {@code retryAt}, or parked with {@code reason}
     * once it has failed {@code maxAttempts} times.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void failed(long id, String reason, Instant retryAt, int maxAttempts) {
        em.createNativeQuery("UPDATE outbox_events SET attempts = attempts + 1, last_error = :reason,"
                        + " retry_at = :retryAt, parked_at = CASE WHEN attempts + 1 >= :max THEN now() END"
                        + " WHERE id = :id")
                .setParameter("reason", reason)
                .setParameter("retryAt", Timestamp.from(retryAt))
                .setParameter("max", maxAttempts)
                .setParameter("id", id)
                .executeUpdate();
    }

    /** How many rows are parked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long parkedCount() {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM outbox_events WHERE parked_at IS NOT NULL")
                .getSingleResult()).longValue();
    }

    /** The oldest {@code max} parked rows. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Parked> parked(int max) {
        List<?> rows = em.createNativeQuery("SELECT id, topic, record_key, event_type, attempts, last_error, parked_at"
                        + " FROM outbox_events WHERE parked_at IS NOT NULL ORDER BY id LIMIT :max")
                .setParameter("max", max)
                .getResultList();
        return rows.stream().map(r -> (Object[]) r).map(r -> new Parked(((Number) r[0]).longValue(), (String) r[1],
                (String) r[2], (String) r[3], ((Number) r[4]).intValue(), (String) r[5], instant(r[6]))).toList();
    }

    private static Instant instant(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        return value instanceof OffsetDateTime t ? t.toInstant() : (Instant) value;
    }
}
