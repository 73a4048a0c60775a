package io.tunepipe.augment.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

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

    /** Resets the run to paraphrase all {@code total} training questions again as a new attempt, not yet claimed. */
    public void restart(String paraphraser, long total) {
        attempt++;
        status = Status.PENDING;
        this.paraphraser = paraphraser;
        this.total = total;
        processed = 0;
        lastId = null;
        generated = 0;
        kept = 0;
        rejected = null;
        failed = null;
        batches = 0;
        sample = null;
        reason = null;
        updatedAt = Instant.now();
    }
}
