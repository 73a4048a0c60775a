package io.tunepipe.training.queue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.messaging.AdvisoryLocks;
import io.tunepipe.messaging.work.WorkQueue;
import io.tunepipe.training.config.TrainingConfig;
import io.tunepipe.training.provider.ProviderChoice;
import io.tunepipe.training.provider.ProviderRegistry;
import io.tunepipe.training.provider.TrainingProvider;
import io.tunepipe.training.repository.DatasetCompleteness;
import io.tunepipe.training.repository.TrainingJob;
import io.tunepipe.training.repository.TrainingJobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * Where jobs wait for their provider: creates queued jobs and, on a timer, admits due ones whose dataset is complete
 * to their provider's free slots, and right after a job is created (counted under an advisory lock, so that instances
 * never exceed the limit together), each as an item of the shared work queue ({@link TrainingWork}); cancels and
 * retries come from users.
 * Status changes go through {@link JobTransitions}.
 */
@ApplicationScoped
public class JobQueue {

    private static final Logger LOG = Logger.getLogger(JobQueue.class);

    /** CDI event fired when a job is created, so that it is admitted right after the commit. */
    enum Created { INSTANCE }

    @Inject
    TrainingJobRepository jobs;
    @Inject
    AdvisoryLocks locks;
    @Inject
    JobTransitions transitions;
    @Inject
    DatasetCompleteness datasets;
    @Inject
    ProviderRegistry providers;
    @Inject
    TrainingConfig config;
    @Inject
    WorkQueue work;
    @Inject
    Event<Created> created;
    @Inject
    ManagedExecutor admissions;

    /**
     * Creates a queued job, or returns the one already created under {@code requestKey}. A job for the default
     * provider that this build lacks waits with a message; one for an unknown provider is failed at once.
     * Hyperparameters out of the provider's ranges throw {@link IllegalArgumentException}.
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
        providers.find(choice.provider()).ifPresent(p -> p.ranges().require(spec.hyperparameters(), p.name()));
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
        transitions.record(job, null, JobStatus.QUEUED,
                choice.kind() == ProviderChoice.Kind.WAITING ? choice.message() : null);
        if (choice.kind() == ProviderChoice.Kind.UNKNOWN) {
            transitions.fail(job, "unknown_provider", choice.message());
        }
        LOG.infof("job %s for dataset %s queued for %s (%s)", job.id, job.datasetId, job.provider, job.baseModel);
        created.fire(Created.INSTANCE);
        return job;
    }

    void afterCreate(@Observes(during = TransactionPhase.AFTER_SUCCESS) Created job) {
        admissions.execute(this::admitDue);
    }

    /** Admits, for each provider of this build, its due queued jobs to its free slots. */
    @Scheduled(every = "${tunepipe.training.queue.tick:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void admitDue() {
        for (String provider : providers.all().keySet()) {
            int limit = config.queue().maxActiveJobs().getOrDefault(provider, config.queue().defaultMaxActiveJobs());
            QuarkusTransaction.requiringNew().run(() -> admit(provider, limit));
        }
    }

    /**
     * Moves up to the provider's free slots of due queued jobs to PREPARING and queues each as work; a job whose
     * dataset is not complete yet is looked at again after the status poll interval.
     */
    private void admit(String provider, int limit) {
        locks.lock("training-slots/" + provider);
        int free = (int) Math.max(0, limit - jobs.countActive(provider));
        if (free == 0) {
            return;
        }
        Instant now = Instant.now();
        for (String id : jobs.dueQueued(provider, now, free)) {
            TrainingJob job = jobs.find(id);
            if (!datasets.complete(job.datasetId)) {
                job.statusDetail = "waiting for all examples and paraphrases of dataset " + job.datasetId;
                job.nextAttemptAt = now.plus(config.queue().statusPollInterval());
            } else if (work.requeue(TrainingWork.KIND, id)) { // false while its last run is still ending
                transitions.to(job, JobStatus.PREPARING, null);
            }
        }
    }

    /**
     * Cancels a job: at once while queued, else by asking the instance holding it to cancel it at the provider.
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
            transitions.to(job, JobStatus.CANCELLED, "cancelled while queued");
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
        transitions.to(job, JobStatus.QUEUED, "retry: submission " + job.submission);
        return job;
    }
}
