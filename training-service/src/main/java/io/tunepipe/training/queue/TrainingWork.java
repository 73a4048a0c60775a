package io.tunepipe.training.queue;

import io.tunepipe.messaging.work.WorkHandler;
import io.tunepipe.messaging.work.WorkLease;
import io.tunepipe.training.config.TrainingConfig;
import io.tunepipe.training.preparation.TrainingFiles;
import io.tunepipe.training.provider.ProviderRegistry;
import io.tunepipe.training.provider.TrainingProvider;
import io.tunepipe.training.repository.ProviderRecordRepository;
import io.tunepipe.training.repository.TrainingJob;
import io.tunepipe.training.repository.TrainingJobRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * Training jobs as items of the shared work queue: the instance that claims a job holds it, through a
 * {@link JobRun}, until the job is final; one whose instance died is taken over from its recorded state.
 */
@ApplicationScoped
public class TrainingWork implements WorkHandler {

    /** The kind of the jobs' items in the work queue; the key is the job id. */
    public static final String KIND = "training";

    @Inject
    TrainingJobRepository jobs;
    @Inject
    ProviderRecordRepository records;
    @Inject
    JobTransitions transitions;
    @Inject
    TrainingFiles files;
    @Inject
    ProviderRegistry providers;
    @Inject
    TrainingConfig config;

    @Override
    public String kind() {
        return KIND;
    }

    /** Each held job keeps a thread (mostly waiting for its next poll), so this is how many jobs one instance holds. */
    @Override
    public int concurrency() {
        return config.queue().jobsPerInstance();
    }

    @Override
    public void run(String jobId, WorkLease lease) throws InterruptedException {
        runWith(providers.all()).run(jobId, lease);
    }

    @Override
    public void giveUp(String jobId, int attempts, String reason) {
        TrainingJob job = jobs.lock(jobId);
        if (job != null && !job.status.isFinal()) {
            transitions.fail(job, "work_given_up", reason);
        }
    }

    /** A run of held jobs with these providers: the ones of this build, or stand-ins in tests. */
    public JobRun runWith(Map<String, TrainingProvider> withProviders) {
        return new JobRun(jobs, records, transitions, files, withProviders, config.queue());
    }
}
