package io.tunepipe.eval.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.tunepipe.contracts.Verdict;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** One comparison of a fine-tuned model with its base and its base with retrieval on a dataset's held-out questions. */
@Entity
@Table(name = "evaluations")
public class Evaluation extends PanacheEntityBase {

    /** WAITING_FOR_DATA until the test split is all here; then RUNNING; COMPLETED or FAILED at the end. */
    public enum Status { WAITING_FOR_DATA, RUNNING, COMPLETED, FAILED }

    @Id
    public String id;
    @Column(name = "job_id")
    public String jobId;
    @Column(name = "dataset_id", nullable = false)
    public String datasetId;
    @Column(nullable = false)
    public String provider;
    @Column(name = "base_model", nullable = false)
    public String baseModel;
    @Column(name = "fine_tuned_model", nullable = false)
    public String fineTunedModel;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;
    public String reason;
    public int questions;
    /** The per-model summaries as JSON. */
    public String summaries;
    /** Base with retrieval served by the provider; null when eval put retrieved pairs in the base's prompt. */
    @Column(name = "retrieval_model")
    public String retrievalModel;
    @Enumerated(EnumType.STRING)
    @Column(name = "verdict_outcome")
    public Verdict.Outcome outcome;
    @Column(name = "verdict_metric")
    public String verdictMetric;
    @Column(name = "verdict_delta")
    public Double verdictDelta;
    @Column(name = "verdict_p_value")
    public Double verdictPValue;
    @Column(name = "retrieval_delta")
    public Double retrievalDelta;
    @Column(name = "retrieval_p_value")
    public Double retrievalPValue;
    @Column(name = "beats_retrieval")
    public Boolean beatsRetrieval;
    /** The fine-tuned model's paired comparisons as JSON. */
    public String comparisons;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "completed_at")
    public Instant completedAt;

    /** The verdict as it was announced; null until the evaluation ends. */
    public Verdict verdict() {
        if (outcome == null) {
            return null;
        }
        return outcome == Verdict.Outcome.FAILED ? Verdict.failed(reason) : new Verdict(outcome, reason, verdictMetric,
                verdictDelta == null ? 0 : verdictDelta, verdictPValue == null ? 1 : verdictPValue, retrievalDelta,
                retrievalPValue, Boolean.TRUE.equals(beatsRetrieval));
    }
}
