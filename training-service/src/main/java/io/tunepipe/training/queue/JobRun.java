package io.tunepipe.training.queue;

import io.tunepipe.contracts.JobStatus;
import io.tunepipe.llm.Backoff;
import io.tunepipe.messaging.work.WorkLease;
import io.tunepipe.training.config.TrainingConfig;
import io.tunepipe.training.preparation.TrainingFiles;
import io.tunepipe.training.provider.ProviderException;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.provider.SubmitRequest;
import io.tunepipe.training.provider.TrainingProvider;
import io.tunepipe.training.repository.ProviderRecordRepository;
import io.tunepipe.training.repository.TrainingJob;
import io.tunepipe.training.repository.TrainingJobRepository;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The life of one job in the instance that holds it: prepare and submit, then poll at the provider's poll interval
 * until the job is final, calling the provider outside any transaction and recording each answer at once. After a
 * provider error worth retrying, the step is tried again after a backoff.
 */
public class JobRun {

    private static final Logger LOG = Logger.getLogger(JobRun.class);

    private final TrainingJobRepository jobs;
    private final ProviderRecordRepository records;
    private final JobTransitions transitions;
    private final TrainingFiles files;
    private final Map<String, TrainingProvider> providers;
    private final TrainingConfig.Queue settings;
    private final Backoff backoff;

    JobRun(TrainingJobRepository jobs, ProviderRecordRepository records, JobTransitions transitions,
            TrainingFiles files, Map<String, TrainingProvider> providers, TrainingConfig.Queue settings) {
        this.jobs = jobs;
        this.records = records;
        this.transitions = transitions;
        this.files = files;
        this.providers = Map.copyOf(providers);
        this.settings = settings;
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax());
    }

    /**
     * Takes the job on from its recorded state until it is final, another instance holds it, or {@code lease} is
     * no longer active (the instance stops: the job is left where its last step put it).
     */
    public void run(String jobId, WorkLease lease) throws InterruptedException {
        MDC.put("jobId", jobId);
        HeldJob held = new HeldJob(jobId, lease, jobs, records, transitions);
        try {
            boolean first = true;
            while (lease.active()) {
                TrainingJob job = read(held);
                if (job == null) {
                    Thread.sleep(settings.tick().toMillis());
                    continue;
                }
                if (job.status == JobStatus.QUEUED || job.status.isFinal()) {
                    return;
                }
                MDC.put("datasetId", job.datasetId);
                Duration wait = Duration.between(Instant.now(), job.nextAttemptAt);
                if (!wait.isNegative() && !wait.isZero()) {
                    // a cancel makes the job due at once: look again at least every tick
                    Thread.sleep(Math.min(wait.toMillis(), settings.tick().toMillis()));
                    continue;
                }
                step(held, job, first);
                first = false;
            }
        } catch (HeldJob.LeaseLostException e) {
            LOG.warnf("left job %s: %s", jobId, e.getMessage());
        } finally {
            MDC.remove("jobId");
            MDC.remove("datasetId");
        }
    }

    /** The job as stored now; null when the database cannot tell for the moment (the next tick asks again). */
    private static TrainingJob read(HeldJob held) {
        try {
            return held.read();
        } catch (HeldJob.LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("job %s: cannot read it now (%s); trying again", held.id(), e.getMessage());
            return null;
        }
    }

    private void step(HeldJob held, TrainingJob job, boolean first) {
        TrainingProvider provider = providers.get(job.provider);
        if (provider == null) {
            held.fail("provider_unavailable", "this build of training-service has no provider " + job.provider);
            return;
        }
        try {
            if (job.status == JobStatus.PREPARING) {
                prepareAndSubmit(held, job, provider);
            } else {
                if (first) {
                    provider.takeOver(job.providerJobId);
                }
                track(held, job, provider);
            }
        } catch (HeldJob.LeaseLostException e) {
            throw e;
        } catch (ProviderException e) {
            onProviderError(held, job, e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s: step failed, will try again", job.id);
            held.retryLater(String.valueOf(e.getMessage()), backoff.delay(job.attempts + 1, null));
        }
    }

    private void prepareAndSubmit(HeldJob held, TrainingJob job, TrainingProvider provider) {
        Optional<String> unavailable = provider.unavailableReason();
        if (unavailable.isPresent()) {
            held.fail("provider_unavailable", unavailable.get());
            return;
        }
        if (job.submitStartedAt != null) {
            Optional<ProviderJob> found = provider.find(job.submissionKey());
            if (found.isPresent()) {
                provider.takeOver(found.get().id());
                held.recordSubmitted(found.get(),
                        "found at the provider after an interrupted submission", pollInterval(provider));
                return;
            }
        }
        if (job.trainingFileId == null && !uploaded(held, job, provider)) {
            return;
        }
        if (!held.startSubmission()) {
            return;
        }
        ProviderJob created = provider.create(new SubmitRequest(job.baseModel, job.trainingFileId,
                job.validationFileId, job.hyperparameters(), job.seed, job.suffix, job.submissionKey()));
        held.recordSubmitted(created, null, pollInterval(provider));
    }

    /** Checks and uploads the job's training files; false (and the job failed) when its data is not fit. */
    private boolean uploaded(HeldJob held, TrainingJob job, TrainingProvider provider) {
        TrainingFiles.Prepared prepared = files.prepare(job.id + "-" + job.submission, job.datasetId,
                job.baseModel, job.hyperparameters(), provider.rules(job.baseModel));
        try {
            if (!prepared.report().ok()) {
                held.fail("invalid_training_data", String.join("; ", prepared.report().problems()));
                return false;
            }
            held.recordEstimate(prepared.report());
            held.recordBaseModelShutdown(provider.shutdownDate(job.baseModel).orElse(null));
            String training = provider.upload(prepared.training());
            String validation = prepared.validation() == null ? null : provider.upload(prepared.validation());
            held.recordFiles(training, validation);
            job.trainingFileId = training;
            job.validationFileId = validation;
            return true;
        } finally {
            prepared.delete();
        }
    }

    private void track(HeldJob held, TrainingJob job, TrainingProvider provider) {
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
            held.recordCancelSent(answer);
            return;
        }
        ProviderJob state = provider.get(job.providerJobId);
        held.recordProgress(state, provider.events(job.providerJobId),
                provider.checkpoints(job.providerJobId), pollInterval(provider));
    }

    private Duration pollInterval(TrainingProvider provider) {
        return provider.statusPollInterval().orElse(settings.statusPollInterval());
    }

    private void onProviderError(HeldJob held, TrainingJob job, ProviderException e) {
        if (e.retryable()) {
            LOG.warnf("job %s: %s (%s), will retry", job.id, e.getMessage(), e.code());
            held.retryLater(e.code() + ": " + e.getMessage(), backoff.delay(job.attempts + 1, e.retryAfter()));
        } else {
            LOG.warnf("job %s failed at the provider: %s (%s)", job.id, e.getMessage(), e.code());
            held.fail(e.code(), e.getMessage());
        }
    }
}
