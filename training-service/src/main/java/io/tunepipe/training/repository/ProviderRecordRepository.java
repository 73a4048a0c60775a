package io.tunepipe.training.repository;

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

/** Reads the provider events and checkpoints stored for a job, oldest first. */
@ApplicationScoped
public class ProviderRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager em;

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

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return json == null ? null : JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
