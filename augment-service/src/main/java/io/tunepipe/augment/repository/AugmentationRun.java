package io.tunepipe.augment.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** The paraphrasing of one dataset: where it has got to, what it produced and what it turned down. */
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
    public long total;
    public long processed;
    /** Id of the last training example paraphrased; the next chunk starts after it. */
    @Column(name = "last_id")
    public String lastId;
    public long generated;
    public long kept;
    /** Rejected candidates by reason, as JSON. */
    public String rejected;
    public int batches;
    /** A few kept rewordings as JSON, for people to judge. */
    public String sample;
    public String reason;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static List<AugmentationRun> resumable() {
        return list("status in ?1", List.of(Status.PENDING, Status.RUNNING));
    }
}
