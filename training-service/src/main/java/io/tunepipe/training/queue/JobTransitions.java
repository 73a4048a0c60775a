package io.tunepipe.training.queue;

import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.JobError;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.contracts.Topics;
import io.tunepipe.contracts.TrainingJobStatusChanged;
import io.tunepipe.messaging.Outbox;
import io.tunepipe.training.repository.JobTransition;
import io.tunepipe.training.repository.TrainingJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;

/** Moves a job to a new status: stores the transition with its time and publishes it, in the caller's transaction. */
@ApplicationScoped
public class JobTransitions {

    static final String SOURCE = "/training-service";
    private static final Logger LOG = Logger.getLogger(JobTransitions.class);

    @Inject
    Outbox outbox;

    @Transactional(Transactional.TxType.MANDATORY)
    public void to(TrainingJob job, JobStatus to, String detail) {
        record(job, job.status, to, detail);
    }

    /** Fails the job with the provider's (or our) code and message. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void fail(TrainingJob job, String code, String message) {
        job.errorCode = code;
        job.errorMessage = message;
        to(job, JobStatus.FAILED, message);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(TrainingJob job, JobStatus from, JobStatus to, String detail) {
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
}
