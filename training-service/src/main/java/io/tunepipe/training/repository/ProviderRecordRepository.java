package io.tunepipe.training.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

/** The provider events and checkpoints stored for a job: each stored once, read back oldest first. */
@ApplicationScoped
public class ProviderRecordRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager em;

    /** Stores the events not stored yet. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void saveEvents(String jobId, List<ProviderEvent> events) {
        for (ProviderEvent e : events) {
            em.createNativeQuery("INSERT INTO job_provider_events (job_id, event_id, created_at, level, event_type,"
                            + " message, data) VALUES (:j, :id, :at, :level, :type, :message, :data)"
                            + " ON CONFLICT DO NOTHING")
                    .setParameter("j", jobId).setParameter("id", e.id())
                    .setParameter("at", Timestamp.from(e.createdAt()))
                    .setParameter("level", e.level()).setParameter("type", e.type())
                    .setParameter("message", e.message()).setParameter("data", json(e.data()))
                    .executeUpdate();
        }
    }

    /** Stores the checkpoints not stored yet. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void saveCheckpoints(String jobId, List<ProviderCheckpoint> checkpoints) {
        for (ProviderCheckpoint c : checkpoints) {
            em.createNativeQuery("INSERT INTO job_checkpoints (job_id, checkpoint_id, created_at, step_number, model,"
                            + " metrics) VALUES (:j, :id, :at, :step, :model, :metrics) ON CONFLICT DO NOTHING")
                    .setParameter("j", jobId).setParameter("id", c.id())
                    .setParameter("at", Timestamp.from(c.createdAt()))
                    .setParameter("step", c.stepNumber()).setParameter("model", c.model())
                    .setParameter("metrics", json(c.metrics()))
                    .executeUpdate();
        }
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<ProviderEvent> events(String jobId) {
        List<Object[]> rows = em.createNativeQuery("SELECT event_id, created_at, level, event_type, message, data"
                        + " FROM job_provider_events WHERE job_id = :j ORDER BY created_at, event_id")
                .setParameter("j", jobId).getResultList();
        return rows.stream().map(r -> new ProviderEvent((String) r[0], instant(r[1]), (String) r[2], (String) r[3],
                (String) r[4], read((String) r[5], new TypeReference<Map<String, Object>>() { }))).toList();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<ProviderCheckpoint> checkpoints(String jobId) {
        List<Object[]> rows = em.createNativeQuery("SELECT checkpoint_id, created_at, step_number, model, metrics"
                        + " FROM job_checkpoints WHERE job_id = :j ORDER BY step_number")
                .setParameter("j", jobId).getResultList();
        return rows.stream().map(r -> new ProviderCheckpoint((String) r[0], instant(r[1]), ((Number) r[2]).longValue(),
                (String) r[3], read((String) r[4], new TypeReference<Map<String, Double>>() { }))).toList();
    }

    private static java.time.Instant instant(Object value) {
        if (value instanceof java.time.Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write provider data as JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return json == null ? null : JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
