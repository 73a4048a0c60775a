package io.tunepipe.augment.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The paraphrasing of one dataset: who works on it, where it has got to, what it produced and turned down. */
@Entity
@Table(name = "augmentation_runs")
public class AugmentationRun extends PanacheEntityBase {

    /** PENDING until a worker claims it, RUNNING, then DONE or FAILED. */
    public enum Status { PENDING, RUNNING, DONE, FAILED }

    @Id
    @Column(name = "dataset_id")
    public String datasetId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    @Column(nullable = false)
    public String paraphraser;
    /** 1 for the first run of a dataset, one more for every re-run; part of the event ids. */
    public int attempt;
    /** The instance working on the run, while its lease holds. */
    public String owner;
    @Column(name = "lease_until")
    public Instant leaseUntil;
    public long total;
    public long processed;
    /** Id of the last training example paraphrased; the next chunk starts after it. */
    @Column(name = "last_id")
    public String lastId;
    public long generated;
    public long kept;
    /** Rejected candidates by reason, as JSON. */
    public String rejected;
    /** Questions the paraphraser could not paraphrase, by reason, as JSON. */
    public String failed;
    public int batches;
    /** A few kept rewordings as JSON, for people to judge. */
    public String sample;
    public String reason;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** The run, locked until the transaction ends. */
    public static AugmentationRun lock(String datasetId) {
        return findById(datasetId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Takes the run for {@code owner} if nobody holds it (no owner, or a lease run out by the database clock):
     * one conditional update, so of two instances trying at once exactly one wins.
     */
    public static boolean claim(String datasetId, String owner, Duration lease) {
        return getEntityManager().createNativeQuery("UPDATE augmentation_runs SET owner = ?1, status = 'RUNNING',"
                        + " lease_until = now() + make_interval(secs => ?2), updated_at = now()"
                        + " WHERE dataset_id = ?3 AND status IN ('PENDING', 'RUNNING')"
                        + " AND (owner IS NULL OR lease_until < now())")
                .setParameter(1, owner).setParameter(2, (double) lease.toMillis() / 1000).setParameter(3, datasetId)
                .executeUpdate() == 1;
    }

    /** Runs waiting for an instance: new, or left by one that stopped or crashed. */
    @SuppressWarnings("unchecked")
    public static List<String> claimable() {
        return getEntityManager().createNativeQuery("SELECT dataset_id FROM augmentation_runs"
                + " WHERE status IN ('PENDING', 'RUNNING') AND (owner IS NULL OR lease_until < now())"
                + " ORDER BY created_at").getResultList();
    }

    /** Extends the leases of the runs {@code owner} is working on. */
    public static int renew(String owner, Duration lease) {
        return getEntityManager().createNativeQuery("UPDATE augmentation_runs"
                        + " SET lease_until = now() + make_interval(secs => ?1)"
                        + " WHERE owner = ?2 AND status = 'RUNNING'")
                .setParameter(1, (double) lease.toMillis() / 1000).setParameter(2, owner).executeUpdate();
    }

    /** Gives back the unfinished runs of {@code owner} (a clean stop) so another instance resumes them at once. */
    public static int release(String owner) {
        return getEntityManager().createNativeQuery("UPDATE augmentation_runs SET owner = NULL, lease_until = NULL"
                + " WHERE owner = ?1 AND status = 'RUNNING'").setParameter(1, owner).executeUpdate();
    }

    /** Registers the first run of a complete dataset; false when it is already registered (by anyone). */
    public static boolean create(String datasetId, String paraphraser, long total) {
        return getEntityManager().createNativeQuery("INSERT INTO augmentation_runs (dataset_id, status, paraphraser,"
                        + " attempt, total) VALUES (?1, 'PENDING', ?2, 1, ?3) ON CONFLICT (dataset_id) DO NOTHING")
                .setParameter(1, datasetId).setParameter(2, paraphraser).setParameter(3, total).executeUpdate() == 1;
    }

    /** Whether an instance holds the run right now (its lease has not run out). */
    public boolean claimed() {
        return status == Status.RUNNING && owner != null && leaseUntil != null && leaseUntil.isAfter(Instant.now());
    }
}
