package io.tunepipe.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** The {@code datasets} table. */
@ApplicationScoped
public class DatasetRepository implements PanacheRepositoryBase<Dataset, String> {

    /** The earliest dataset with this content that is not rejected. */
    public Optional<Dataset> findSameContent(String contentHash) {
        return find("contentHash = ?1 and status in ?2 order by createdAt", contentHash,
                List.of(Dataset.Status.RECEIVED, Dataset.Status.INGESTING, Dataset.Status.INGESTED))
                .firstResultOptional();
    }

    /** The {@code limit} newest datasets, newest first. */
    public List<Dataset> newest(int limit) {
        return find("order by createdAt desc").page(0, limit).list();
    }
}
