package io.tunepipe.training.queue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tunepipe.contracts.JobError;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.messaging.work.WorkLease;
import io.tunepipe.training.preparation.DataReport;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderEvent;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.repository.ProviderRecordRepository;
import io.tunepipe.training.repository.TrainingJob;
import io.tunepipe.training.repository.TrainingJobRepository;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

/**
 * A job as the instance holding its work item handles it: each step is recorded at once, in a transaction of its
 * own that first checks, under row locks, that the item is still this instance's ({@link LeaseLostException}
 * otherwise).
 */
public final class HeldJob {

    private final String id;
    private final WorkLease lease;
    private final TrainingJobRepository jobs;
    private final ProviderRecordRepository records;
    private final JobTransitions transitions;

    HeldJob(String id, WorkLease lease, TrainingJobRepository jobs, ProviderRecordRepository records,
            JobTransitions transitions) {
        this.id = id;
        this.lease = lease;
        this.jobs = jobs;
        this.records = records;
        this.transitions = transitions;
    }

    public String id() {
        return id;
    }

    /** The job as stored now. */
    public TrainingJob read() {
        return QuarkusTransaction.joiningExisting().call(this::own);
    }

    public void recordEstimate(DataReport report) {
        step(job -> {
            job.trainingExamples = report.trainingExamples();
            job.validationExamples = report.validationExamples();
            job.estimatedEpochs = report.epochs();
            job.estimatedBilledTokens = report.billedTokens();
            job.statusDetail = report.warnings().isEmpty() ? null : String.join("; ", report.warnings());
            job.updatedAt = Instant.now();
        });
    }

    /** Flags the job with the day its base model shuts down, or clears the flag (null) when none is announced. */
    public void recordBaseModelShutdown(LocalDate day) {
        step(job -> job.baseModelShutdownDate = day);
    }

    public void recordFiles(String trainingFileId, String validationFileId) {
        step(job -> {
            job.trainingFileId = trainingFileId;
            job.validationFileId = validationFileId;
            job.updatedAt = Instant.now();
        });
    }

    /**
     * Marks, before the create call, that a submission is under way; false (and the job cancelled) when a cancel
     * came first. From here on an instance that takes the job over asks the provider before it submits again.
     */
    public boolean startSubmission() {
        return QuarkusTransaction.joiningExisting().call(() -> {
            TrainingJob job = own();
            if (job.cancelRequested) {
                transitions.to(job, JobStatus.CANCELLED, "cancelled before submission");
                return false;
            }
            job.submitStartedAt = Instant.now();
            job.updatedAt = job.submitStartedAt;
            return true;
        });
    }

    /** Records the provider's answer to the create call (or the job found there after a crash) at once. */
    public void recordSubmitted(ProviderJob created, String detail, Duration poll) {
        step(job -> {
            job.providerJobId = created.id();
            transitions.to(job, JobStatus.SUBMITTED, detail);
            applyProviderState(job, created);
            done(job, poll);
        });
    }

    /** Records a poll: the provider's status, and the events and checkpoints not stored yet. */
    public void recordProgress(ProviderJob state, List<ProviderEvent> events, List<ProviderCheckpoint> checkpoints,
            Duration poll) {
        step(job -> {
            records.saveEvents(id, events);
            records.saveCheckpoints(id, checkpoints);
            applyProviderState(job, state);
            done(job, poll);
        });
    }

    /** Records that the provider was asked to cancel, and what it answered; polling goes on until it is final. */
    public void recordCancelSent(ProviderJob answer) {
        step(job -> {
            job.cancelRequested = false;
            applyProviderState(job, answer);
            if (!job.status.isFinal()) {
                job.statusDetail = "cancel sent to the provider";
            }
            done(job, Duration.ZERO);
        });
    }

    /** Fails the job with the provider's (or our) code and message. */
    public void fail(String code, String message) {
        step(job -> transitions.fail(job, code, message));
    }

    /** Records an error worth retrying: the step is tried again after {@code delay}. */
    public void retryLater(String problem, Duration delay) {
        step(job -> {
            job.attempts++;
            Instant now = Instant.now();
            job.nextAttemptAt = now.plus(delay);
            job.statusDetail = problem + " (attempt " + job.attempts + ", next at " + job.nextAttemptAt + ")";
            job.updatedAt = now;
        });
    }

    private void step(Consumer<TrainingJob> change) {
        QuarkusTransaction.joiningExisting().run(() -> change.accept(own()));
    }

    private TrainingJob own() {
        TrainingJob job = jobs.lock(id);
        if (job == null || !lease.held()) {
            throw new LeaseLostException("job " + id + " is no longer held by this instance");
        }
        return job;
    }

    private void applyProviderState(TrainingJob job, ProviderJob state) {
        if (state.fineTunedModel() != null) {
            job.fineTunedModel = state.fineTunedModel();
        }
        if (state.retrievalModel() != null) {
            job.retrievalModel = state.retrievalModel();
        }
        if (state.trainedTokens() != null) {
            job.trainedTokens = state.trainedTokens();
        }
        if (state.status() == null) {
            job.statusDetail = "provider status '" + state.providerStatus() + "'";
            return;
        }
        if (state.status() == job.status) {
            return;
        }
        if (state.status() == JobStatus.FAILED) {
            JobError error = state.error() != null ? state.error() : new JobError("provider_failed",
                    "the provider reported the job failed without a reason");
            job.errorCode = error.code();
            job.errorMessage = error.message();
        }
        transitions.to(job, state.status(), state.status() == JobStatus.FAILED ? job.errorMessage : null);
    }

    private static void done(TrainingJob job, Duration poll) {
        Instant now = Instant.now();
        job.attempts = 0;
        job.nextAttemptAt = now.plus(poll);
        job.updatedAt = now;
    }

    /** Another instance took the job over (this one's lease ran out): this one must leave it alone. */
    public static class LeaseLostException extends RuntimeException {
        public LeaseLostException(String message) {
            super(message);
        }
    }
}
