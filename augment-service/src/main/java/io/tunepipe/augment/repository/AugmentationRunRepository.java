package io.tunepipe.augment.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;

/** The {@code augmentation_runs} table. */
@ApplicationScoped
public class AugmentationRunRepository implements PanacheRepositoryBase<AugmentationRun, String> {

    /** The run, locked until the transaction ends. */
    public AugmentationRun lock(String datasetId) {
        return findById(datasetId, LockModeType.PESSIMISTIC_WRITE);
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
