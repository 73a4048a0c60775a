package io.tunepipe.augment.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Duration;
import java.util.List;

/** The {@code augmentation_runs} table. */
@ApplicationScoped
public class AugmentationRunRepository implements PanacheRepositoryBase<AugmentationRun, String> {

    /** The run, locked until the transaction ends. */
    public AugmentationRun lock(String datasetId) {
        return findById(datasetId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Takes the run for {@code owner} if nobody holds it (no owner, or a lease run out by the database clock):
     * one conditional update, so of two instances trying at once exactly one wins.
     */
    public boolean claim(String datasetId, String owner, Duration lease) {
        return getEntityManager().createNativeQuery("UPDATE augmentation_runs SET owner = ?1, status = 'RUNNING',"
                        + " lease_until = now() + make_interval(secs => ?2), updated_at = now()"
                        + " WHERE dataset_id = ?3 AND status IN ('PENDING', 'RUNNING')"
                        + " AND (owner IS NULL OR lease_until < now())")
                .setParameter(1, owner).setParameter(2, (double) lease.toMillis() / 1000).setParameter(3, datasetId)
                .executeUpdate() == 1;
    }

    /** Runs waiting for an instance: new, or left by one that stopped or crashed. */
    @SuppressWarnings("unchecked")
    public List<String> claimable() {
        return getEntityManager().createNativeQuery("SELECT dataset_id FROM augmentation_runs"
                + " WHERE status IN ('PENDING', 'RUNNING') AND (owner IS NULL OR lease_until < now())"
                + " ORDER BY created_at").getResultList();
    }

    /** Extends the leases of the runs {@code owner} is working on. */
    public int renew(String owner, Duration lease) {
        return getEntityManager().createNativeQuery("UPDATE augmentation_runs"
                        + " SET lease_until = now() + make_interval(secs => ?1)"
                        + " WHERE owner = ?2 AND status = 'RUNNING'")
                .setParameter(1, (double) lease.toMillis() / 1000).setParameter(2, owner).executeUpdate();
    }

    /** Gives back the unfinished runs of {@code owner} (a clean stop) so another instance resumes them at once. */
    public int release(String owner) {
        return getEntityManager().createNativeQuery("UPDATE augmentation_runs SET owner = NULL, lease_until = NULL"
                + " WHERE owner = ?1 AND status = 'RUNNING'").setParameter(1, owner).executeUpdate();
    }

    /** Registers the first run of a complete dataset; false when it is already registered (by anyone). */
    public boolean create(String datasetId, String paraphraser, long total) {
        return getEntityManager().createNativeQuery("INSERT INTO augmentation_runs (dataset_id, status, paraphraser,"
                        + " attempt, total) VALUES (?1, 'PENDING', ?2, 1, ?3) ON CONFLICT (dataset_id) DO NOTHING")
                .setParameter(1, datasetId).setParameter(2, paraphraser).setParameter(3, total).executeUpdate() == 1;
    }

    public List<AugmentationRun> newestFirst() {
        return list("order by createdAt desc");
    }
}
