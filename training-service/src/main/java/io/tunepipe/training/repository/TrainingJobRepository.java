package io.tunepipe.training.repository;

import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.tunepipe.contracts.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** The {@code training_jobs} table and each job's {@code job_transitions}. */
@ApplicationScoped
public class TrainingJobRepository {

    /** The statuses of a job between its admission and a final state: each holds one of its provider's slots. */
    public static final List<String> ACTIVE = List.of(JobStatus.PREPARING.name(), JobStatus.SUBMITTED.name(),
            JobStatus.VALIDATING_FILES.name(), JobStatus.PROVIDER_QUEUED.name(), JobStatus.RUNNING.name());

    @Inject
    EntityManager em;

    public TrainingJob find(String id) {
        return em.find(TrainingJob.class, id);
    }

    /** The job, locked for update until the caller's transaction ends; null when there is none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public TrainingJob lock(String id) {
        return em.find(TrainingJob.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    public TrainingJob byRequestKey(String requestKey) {
        return TrainingJob.find("requestKey", requestKey).firstResult();
    }

    /** Jobs newest first; a null filter matches every job. */
    public List<TrainingJob> list(String datasetId, JobStatus status, String provider) {
        return TrainingJob.<TrainingJob>find("(:dataset is null or datasetId = :dataset)"
                        + " and (:status is null or status = :status) and (:provider is null or provider = :provider)",
                Sort.descending("createdAt"),
                Parameters.with("dataset", datasetId).and("status", status).and("provider", provider)).list();
    }

    public List<JobTransition> transitions(String jobId) {
        return JobTransition.list("jobId = ?1 order by id", jobId);
    }

    /** How many of the provider's jobs hold a slot. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long countActive(String provider) {
        return ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM training_jobs WHERE provider = :p AND status IN (:active)")
                .setParameter("p", provider).setParameter("active", ACTIVE).getSingleResult()).longValue();
    }

    /** Up to {@code max} of the provider's queued jobs due at {@code now}, oldest first, locked (others skip them). */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<String> dueQueued(String provider, Instant now, int max) {
        return em.createNativeQuery("SELECT id FROM training_jobs WHERE status = 'QUEUED'"
                        + " AND provider = :p AND next_attempt_at <= :now ORDER BY created_at"
                        + " LIMIT :n FOR UPDATE SKIP LOCKED")
                .setParameter("p", provider).setParameter("now", Timestamp.from(now)).setParameter("n", max)
                .getResultList();
    }
}
