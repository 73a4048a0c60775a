package io.tunepipe.ingest.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A submitted file and what became of it: its status, counts and, when rejected, the reason. */
@Entity
@Table(name = "datasets")
public class Dataset extends PanacheEntityBase {

    /** Where the file came from. */
    public enum Source { UPLOAD, FOLDER, KAFKA }

    /** RECEIVED and INGESTING are in progress; INGESTED and REJECTED are final. */
    public enum Status { RECEIVED, INGESTING, INGESTED, REJECTED }

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Source source;

    @Column(name = "file_path", nullable = false)
    public String filePath;

    /** The column mapping sent with the file, as JSON. */
    @Column(nullable = false)
    public String mapping;

    @Column(name = "content_hash")
    public String contentHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    public String reason;
    public String encoding;
    public String delimiter;

    @Column(name = "rows_read")
    public long rowsRead;
    @Column(name = "train_count")
    public long trainCount;
    @Column(name = "validation_count")
    public long validationCount;
    @Column(name = "test_count")
    public long testCount;
    @Column(name = "rejected_count")
    public long rejectedCount;
    /** Rejected rows counted by reason, as JSON. */
    @Column(name = "rejected_by_reason")
    public String rejectedByReason;
    public long duplicates;
    public long conflicts;
    @Column(name = "batch_count")
    public int batchCount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** An earlier dataset with the same content that is ingested or on its way. */
    public boolean isFinal() {
        return status == Status.INGESTED || status == Status.REJECTED;
    }
}
