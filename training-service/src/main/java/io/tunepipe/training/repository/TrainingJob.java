package io.tunepipe.training.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.training.preparation.Hyperparameters;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;

/** A fine-tuning job: what to train, where it is at the provider, and when its next step is due (backoff, polls). */
@Entity
@Table(name = "training_jobs")
public class TrainingJob extends PanacheEntityBase {

    @Id
    public String id;

    /** Makes creation idempotent: the command id or the dataset for automatic jobs; null over REST. */
    @Column(name = "request_key")
    public String requestKey;

    @Column(name = "dataset_id", nullable = false)
    public String datasetId;

    @Column(nullable = false)
    public String provider;

    @Column(name = "base_model", nullable = false)
    public String baseModel;

    @Column(name = "n_epochs", nullable = false)
    public String nEpochs;

    @Column(name = "batch_size", nullable = false)
    public String batchSize;

    @Column(name = "learning_rate_multiplier", nullable = false)
    public String learningRateMultiplier;

    public Long seed;

    public String suffix;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public JobStatus status;

    /** Why the job waits, or what it last ran into; shown over REST. */
    @Column(name = "status_detail", columnDefinition = "text")
    public String statusDetail;

    /** 1 for the first submission, one more per retry; part of the key the provider finds the job by. */
    @Column(nullable = false)
    public int submission;

    /** Set just before the create call: from then on, the provider is asked before anything is re-submitted. */
    @Column(name = "submit_started_at")
    public Instant submitStartedAt;

    @Column(name = "training_file_id")
    public String trainingFileId;

    @Column(name = "validation_file_id")
    public String validationFileId;

    @Column(name = "provider_job_id")
    public String providerJobId;

    @Column(name = "fine_tuned_model")
    public String fineTunedModel;

    /** The provider's retrieval baseline over the same training data, when it serves one. */
    @Column(name = "retrieval_model")
    public String retrievalModel;

    @Column(name = "trained_tokens")
    public Long trainedTokens;

    /** The day the provider shuts the base model down, when announced: its fine-tunes stop answering then too. */
    @Column(name = "base_model_shutdown_date")
    public LocalDate baseModelShutdownDate;

    @Column(name = "training_examples")
    public Integer trainingExamples;

    @Column(name = "validation_examples")
    public Integer validationExamples;

    @Column(name = "estimated_epochs")
    public Integer estimatedEpochs;

    @Column(name = "estimated_billed_tokens")
    public Long estimatedBilledTokens;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message", columnDefinition = "text")
    public String errorMessage;

    @Column(name = "cancel_requested", nullable = false)
    public boolean cancelRequested;

    /** Provider errors in a row; drives the backoff. */
    @Column(nullable = false)
    public int attempts;

    /** When the job's next step is due: its admission while queued, then its next poll or retry. */
    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public Hyperparameters hyperparameters() {
        return new Hyperparameters(nEpochs, batchSize, learningRateMultiplier);
    }

    /** The key the provider stores with the job of this submission. */
    public String submissionKey() {
        return id + "-" + submission;
    }
}
