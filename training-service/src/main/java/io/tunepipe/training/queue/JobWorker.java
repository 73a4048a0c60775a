package io.tunepipe.training.queue;

import io.tunepipe.contracts.JobStatus;
import io.tunepipe.llm.Backoff;
import io.tunepipe.training.config.TrainingConfig;
import io.tunepipe.training.preparation.TrainingFiles;
import io.tunepipe.training.provider.ProviderException;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.provider.SubmitRequest;
import io.tunepipe.training.provider.TrainingProvider;
import io.tunepipe.training.repository.TrainingJob;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One worker of the queue: claims due jobs and moves each one step on, calling the provider outside any
 * transaction and recording each answer at once. Several workers, in one instance or many, share the queue.
 */
public class JobWorker {

    private static final Logger LOG = Logger.getLogger(JobWorker.class);

    private final String id;
    private final Duration lease;
    private final JobQueue queue;
    private final TrainingFiles files;
    private final Map<String, TrainingProvider> providers;
    private final TrainingConfig.Queue settings;
    private final Backoff backoff;

    public JobWorker(String id, Duration lease, JobQueue queue, TrainingFiles files,
            Map<String, TrainingProvider> providers, TrainingConfig.Queue settings) {
        this.id = id;
        this.lease = lease;
        this.queue = queue;
        this.files = files;
        this.providers = Map.copyOf(providers);
        this.settings = settings;
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax());
    }

    public String id() {
        return id;
    }

    /** Claims what is due and advances each claimed job one step; returns how many jobs it advanced. */
    public int runOnce() {
        List<String> claimed = new ArrayList<>();
        for (String provider : providers.keySet()) {
            int limit = settings.maxActiveJobs().getOrDefault(provider, settings.defaultMaxActiveJobs());
            claimed.addAll(queue.claimQueued(provider, limit, id, lease, settings.statusPollInterval()));
        }
        claimed.addAll(queue.claimActive(id, lease, settings.claimBatch()));
        for (String jobId : claimed) {
            advance(jobId);
        }
        return claimed.size();
    }

    private void advance(String jobId) {
        MDC.put("jobId", jobId);
        try {
            LeasedJob leased = queue.lease(jobId, id);
            TrainingJob job = leased.read();
            MDC.put("datasetId", job.datasetId);
            TrainingProvider provider = providers.get(job.provider);
            if (job.status == JobStatus.PREPARING) {
                prepareAndSubmit(leased, job, provider);
            } else {
                track(leased, job, provider);
            }
        } catch (LeasedJob.LeaseLostException e) {
            LOG.warnf("left job %s: %s", jobId, e.getMessage());
        } catch (ProviderException e) {
            onProviderError(jobId, e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s: step failed, will try again", jobId);
            retryLater(jobId, e.getMessage(), null);
        } finally {
            MDC.remove("jobId");
            MDC.remove("datasetId");
        }
    }

    private void prepareAndSubmit(LeasedJob leased, TrainingJob job, TrainingProvider provider) {
        Optional<String> unavailable = provider.unavailableReason();
        if (unavailable.isPresent()) {
            leased.fail("provider_unavailable", unavailable.get());
            return;
        }
        if (job.submitStartedAt != null) {
            Optional<ProviderJob> found = provider.find(job.submissionKey());
            if (found.isPresent()) {
                leased.recordSubmitted(found.get(),
                        "found at the provider after an interrupted submission", settings.statusPollInterval());
                return;
            }
        }
        if (job.trainingFileId == null) {
            TrainingFiles.Prepared prepared = files.prepare(job.id + "-" + job.submission, job.datasetId,
                    job.baseModel, job.hyperparameters(), provider.rules(job.baseModel));
            try {
                if (!prepared.report().ok()) {
                    leased.fail("invalid_training_data", String.join("; ", prepared.report().problems()));
                    return;
                }
                leased.recordEstimate(prepared.report());
                leased.recordBaseModelShutdown(provider.shutdownDate(job.baseModel).orElse(null));
                String training = provider.upload(prepared.training());
                String validation = prepared.validation() == null ? null : provider.upload(prepared.validation());
                leased.recordFiles(training, validation);
                job.trainingFileId = training;
                job.validationFileId = validation;
            } finally {
                prepared.delete();
            }
        }
        if (!leased.startSubmission()) {
            return;
        }
        ProviderJob created = provider.create(new SubmitRequest(job.baseModel, job.trainingFileId,
                job.validationFileId, job.hyperparameters(), job.seed, job.suffix, job.submissionKey()));
        leased.recordSubmitted(created, null, settings.statusPollInterval());
    }

    private void track(LeasedJob leased, TrainingJob job, TrainingProvider provider) {
        if (job.cancelRequested) {
            ProviderJob answer;
            try {
                answer = provider.cancel(job.providerJobId);
            } catch (ProviderException e) {
                if (e.retryable()) {
                    throw e;
                }
                // the provider refuses (the job finished meanwhile, say): the next poll records how it ended
                answer = provider.get(job.providerJobId);
            }
            leased.recordCancelSent(answer);
            return;
        }
        ProviderJob state = provider.get(job.providerJobId);
        leased.recordProgress(state, provider.events(job.providerJobId),
                provider.checkpoints(job.providerJobId), settings.statusPollInterval());
    }

    private void onProviderError(String jobId, ProviderException e) {
        if (e.retryable()) {
            LOG.warnf("job %s: %s (%s), will retry", jobId, e.getMessage(), e.code());
            retryLater(jobId, e.code() + ": " + e.getMessage(), e.retryAfter());
        } else {
            LOG.warnf("job %s failed at the provider: %s (%s)", jobId, e.getMessage(), e.code());
            queue.lease(jobId, id).fail(e.code(), e.getMessage());
        }
    }

    private void retryLater(String jobId, String problem, Duration retryAfter) {
        try {
            LeasedJob leased = queue.lease(jobId, id);
            leased.retryLater(problem, backoff.delay(leased.read().attempts + 1, retryAfter));
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s: cannot schedule the next attempt; its lease will run out", jobId);
        }
    }
}
