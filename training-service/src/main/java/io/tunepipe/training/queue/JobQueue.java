package io.tunepipe.training.queue;

import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.JobError;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.contracts.Topics;
import io.tunepipe.contracts.TrainingJobStatusChanged;
import io.tunepipe.messaging.AdvisoryLocks;
import io.tunepipe.messaging.Outbox;
import io.tunepipe.training.config.TrainingConfig;
import io.tunepipe.training.preparation.DataReport;
import io.tunepipe.training.provider.ProviderCheckpoint;
import io.tunepipe.training.provider.ProviderChoice;
import io.tunepipe.training.provider.ProviderEvent;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.provider.ProviderRegistry;
import io.tunepipe.training.provider.TrainingProvider;
import io.tunepipe.training.repository.DatasetCompleteness;
import io.tunepipe.training.repository.JobTransition;
import io.tunepipe.training.repository.ProviderRecordRepository;
import io.tunepipe.training.repository.TrainingJob;
import io.tunepipe.training.repository.TrainingJobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The durable job queue in PostgreSQL: creates jobs, lets workers claim due ones with {@code FOR UPDATE SKIP
 * LOCKED} under a per-provider limit and a lease, and records every step; each status change is stored with its
 * time and published through the outbox in the same transaction.
 */
@ApplicationScoped
public class JobQueue {

    static final String SOURCE = "/training-service";

    private static final Logger LOG = Logger.getLogger(JobQueue.class);

    @Inject
    TrainingJobRepository jobs;
    @Inject
    ProviderRecordRepository records;
    @Inject
    AdvisoryLocks locks;
    @Inject
    Outbox outbox;
    @Inject
    DatasetCompleteness datasets;
    @Inject
    ProviderRegistry providers;
    @Inject
    TrainingConfig config;

    /**
     * Creates a queued job, or returns the one already created under {@code requestKey}. A job for the default
     * provider that this build lacks waits with a message; one for an unknown provider is failed at once.
     */
    @Transactional
    public TrainingJob create(JobSpec spec, String requestKey) {
        if (requestKey != null) {
            TrainingJob existing = jobs.byRequestKey(requestKey);
            if (existing != null) {
                return existing;
            }
        }
        ProviderChoice.Outcome choice = ProviderChoice.of(providers, config.defaultProvider())
                .choose(spec.provider());
        Instant now = Instant.now();
        TrainingJob job = new TrainingJob();
        job.id = UUID.randomUUID().toString();
        job.requestKey = requestKey;
        job.datasetId = spec.datasetId();
        job.provider = choice.provider();
        job.baseModel = spec.baseModel() != null && !spec.baseModel().isBlank() ? spec.baseModel()
                : providers.find(choice.provider()).map(TrainingProvider::defaultBaseModel).orElse("unknown");
        job.nEpochs = spec.hyperparameters().nEpochs();
        job.batchSize = spec.hyperparameters().batchSize();
        job.learningRateMultiplier = spec.hyperparameters().learningRateMultiplier();
        job.seed = spec.seed();
        job.suffix = spec.suffix();
        job.submission = 1;
        job.nextAttemptAt = now;
        job.createdAt = now;
        job.updatedAt = now;
        job.status = JobStatus.QUEUED;
        job.persist();
        transition(job, null, JobStatus.QUEUED, choice.kind() == ProviderChoice.Kind.WAITING ? choice.message() : null);
        if (choice.kind() == ProviderChoice.Kind.UNKNOWN) {
            fail(job, "unknown_provider", choice.message());
        }
        LOG.infof("job %s for dataset %s queued for %s (%s)", job.id, job.datasetId, job.provider, job.baseModel);
        return job;
    }

    /**
     * Moves up to the provider's free slots of due queued jobs to PREPARING and leases them to {@code worker}.
     * The provider's slots are counted under an advisory lock so that instances never exceed the limit together.
     */
    @Transactional
    public List<String> claimQueued(String provider, int limit, String worker, Duration lease, Duration recheck) {
        locks.lock("training-slots/" + provider);
        int free = (int) Math.max(0, limit - jobs.countActive(provider));
        if (free == 0) {
            return List.of();
        }
        Instant now = Instant.now();
        List<String> claimed = new ArrayList<>();
        for (String id : jobs.claimQueued(provider, now, free)) {
            TrainingJob job = jobs.find(id);
            if (!datasets.complete(job.datasetId)) {
                job.statusDetail = "waiting for all examples and paraphrases of dataset " + job.datasetId;
                job.nextAttemptAt = now.plus(recheck);
                continue;
            }
            lease(job, worker, lease, now);
            transition(job, JobStatus.PREPARING, null);
            claimed.add(id);
        }
        return claimed;
    }

    /** Leases due jobs between preparing and a final state whose lease is free or expired (a crashed owner). */
    @Transactional
    public List<String> claimActive(String worker, Duration lease, int max) {
        Instant now = Instant.now();
        List<String> ids = jobs.claimActive(now, max);
        for (String id : ids) {
            lease(jobs.find(id), worker, lease, now);
        }
        return ids;
    }

    /** The job as its lease holder sees it; fails when another worker took the job over. */
    @Transactional
    public TrainingJob leased(String id, String worker) {
        return own(id, worker);
    }

    @Transactional
    public void recordEstimate(String id, String worker, DataReport report) {
        TrainingJob job = own(id, worker);
        job.trainingExamples = report.trainingExamples();
        job.validationExamples = report.validationExamples();
        job.estimatedEpochs = report.epochs();
        job.estimatedBilledTokens = report.billedTokens();
        job.statusDetail = report.warnings().isEmpty() ? null : String.join("; ", report.warnings());
        job.updatedAt = Instant.now();
    }

    @Transactional
    public void recordFiles(String id, String worker, String trainingFileId, String validationFileId) {
        TrainingJob job = own(id, worker);
        job.trainingFileId = trainingFileId;
        job.validationFileId = validationFileId;
        job.updatedAt = Instant.now();
    }

    /**
     * Marks, before the create call, that a submission is under way; false (and the job cancelled) when a cancel
     * came first. From here on a restarted worker asks the provider before it submits again.
     */
    @Transactional
    public boolean startSubmission(String id, String worker) {
        TrainingJob job = own(id, worker);
        if (job.cancelRequested) {
            job.leaseOwner = null;
            job.leaseUntil = null;
            transition(job, JobStatus.CANCELLED, "cancelled before submission");
            return false;
        }
        job.submitStartedAt = Instant.now();
        job.updatedAt = job.submitStartedAt;
        return true;
    }

    /** Records the provider's answer to the create call (or the job found there after a crash) at once. */
    @Transactional
    public void recordSubmitted(String id, String worker, ProviderJob created, String detail, Duration poll) {
        TrainingJob job = own(id, worker);
        job.providerJobId = created.id();
        transition(job, JobStatus.SUBMITTED, detail);
        applyProviderState(job, created);
        done(job, poll);
    }

    /** Records a poll: the provider's status, and the events and checkpoints not stored yet. */
    @Transactional
    public void recordProgress(String id, String worker, ProviderJob state, List<ProviderEvent> events,
            List<ProviderCheckpoint> checkpoints, Duration poll) {
        TrainingJob job = own(id, worker);
        records.saveEvents(id, events);
        records.saveCheckpoints(id, checkpoints);
        applyProviderState(job, state);
        done(job, poll);
    }

    /** Records that the provider was asked to cancel, and what it answered; polling goes on until it is final. */
    @Transactional
    public void recordCancelSent(String id, String worker, ProviderJob answer) {
        TrainingJob job = own(id, worker);
        job.cancelRequested = false;
        applyProviderState(job, answer);
        if (!job.status.isFinal()) {
            job.statusDetail = "cancel sent to the provider";
        }
        done(job, Duration.ZERO);
    }

    /** Fails the job with the provider's (or our) code and message. */
    @Transactional
    public void failLeased(String id, String worker, String code, String message) {
        fail(own(id, worker), code, message);
    }

    /** Gives the job back after an error worth retrying, to be tried again after {@code delay}. */
    @Transactional
    public void retryLater(String id, String worker, String problem, Duration delay) {
        TrainingJob job = own(id, worker);
        job.attempts++;
        Instant now = Instant.now();
        job.nextAttemptAt = now.plus(delay);
        job.statusDetail = problem + " (attempt " + job.attempts + ", next at " + job.nextAttemptAt + ")";
        job.leaseOwner = null;
        job.leaseUntil = null;
        job.updatedAt = now;
    }

    /**
     * Cancels a job: at once while nothing was sent to the provider, else by asking the worker to cancel it there.
     * Throws {@link IllegalStateException} for a job already finished.
     */
    @Transactional
    public TrainingJob cancel(String id) {
        TrainingJob job = jobs.lock(id);
        if (job == null) {
            return null;
        }
        if (job.status.isFinal()) {
            throw new IllegalStateException("job " + id + " is already " + job.status);
        }
        if (job.status == JobStatus.QUEUED) {
            transition(job, JobStatus.CANCELLED, "cancelled while queued");
        } else {
            job.cancelRequested = true;
            job.nextAttemptAt = Instant.now();
            job.statusDetail = "cancel requested";
            job.updatedAt = Instant.now();
        }
        return job;
    }

    /** Queues a failed job again as a new submission; throws {@link IllegalStateException} unless it failed. */
    @Transactional
    public TrainingJob retry(String id) {
        TrainingJob job = jobs.lock(id);
        if (job == null) {
            return null;
        }
        if (job.status != JobStatus.FAILED) {
            throw new IllegalStateException("only a failed job can be retried; job " + id + " is " + job.status);
        }
        job.submission++;
        job.submitStartedAt = null;
        job.trainingFileId = null;
        job.validationFileId = null;
        job.providerJobId = null;
        job.fineTunedModel = null;
        job.retrievalModel = null;
        job.trainedTokens = null;
        job.errorCode = null;
        job.errorMessage = null;
        job.cancelRequested = false;
        job.attempts = 0;
        job.nextAttemptAt = Instant.now();
        transition(job, JobStatus.QUEUED, "retry: submission " + job.submission);
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
        transition(job, state.status(), state.status() == JobStatus.FAILED ? job.errorMessage : null);
    }

    private void fail(TrainingJob job, String code, String message) {
        job.errorCode = code;
        job.errorMessage = message;
        job.leaseOwner = null;
        job.leaseUntil = null;
        transition(job, JobStatus.FAILED, message);
    }

    private void done(TrainingJob job, Duration poll) {
        Instant now = Instant.now();
        job.attempts = 0;
        job.nextAttemptAt = now.plus(poll);
        job.leaseOwner = null;
        job.leaseUntil = null;
        job.updatedAt = now;
    }

    private static void lease(TrainingJob job, String worker, Duration lease, Instant now) {
        job.leaseOwner = worker;
        job.leaseUntil = now.plus(lease);
        job.updatedAt = now;
    }

    private TrainingJob own(String id, String worker) {
        TrainingJob job = jobs.lock(id);
        if (job == null || !worker.equals(job.leaseOwner)) {
            throw new LeaseLostException("job " + id + " is no longer leased to " + worker);
        }
        return job;
    }

    private void transition(TrainingJob job, JobStatus to, String detail) {
        transition(job, job.status, to, detail);
    }

    /** Stores the transition and publishes it, in the caller's transaction. */
    private void transition(TrainingJob job, JobStatus from, JobStatus to, String detail) {
        Instant now = Instant.now();
        JobTransition t = new JobTransition();
        t.jobId = job.id;
        t.fromStatus = from;
        t.toStatus = to;
        t.detail = detail;
        t.at = now;
        t.persist();
        job.status = to;
        job.statusDetail = detail;
        job.updatedAt = now;
        JobError error = to == JobStatus.FAILED ? new JobError(job.errorCode, job.errorMessage) : null;
        outbox.publish(Topics.TRAINING_JOB_STATUSES, new TrainingJobStatusChanged(
                EventMetadata.deterministic(SOURCE, job.id, job.id + "/transition/" + t.id), job.id, job.datasetId,
                job.provider, job.providerJobId, job.baseModel, to, job.fineTunedModel, job.trainedTokens, error,
                job.retrievalModel));
        LOG.infof("job %s: %s -> %s%s", job.id, t.fromStatus, to, detail == null ? "" : " (" + detail + ")");
    }

    /** The job was taken over by another worker (this one's lease ran out); this worker must leave it alone. */
    public static class LeaseLostException extends RuntimeException {
        public LeaseLostException(String message) {
            super(message);
        }
    }
}
