package io.tunepipe.eval.messaging;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.contracts.PoisonEventException;
import io.tunepipe.contracts.Topics;
import io.tunepipe.contracts.TrainingJobStatusChanged;
import io.tunepipe.eval.service.EvaluationService;
import io.tunepipe.messaging.TransientRetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Starts an evaluation when a training job succeeds; one per job however often the event is delivered. */
@ApplicationScoped
public class JobStatusConsumer {

    private static final Logger LOG = Logger.getLogger(JobStatusConsumer.class);

    @Inject
    EvaluationService evaluations;

    @Incoming(Topics.TRAINING_JOB_STATUSES)
    @Blocking
    @TransientRetry
    public void onStatus(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        TrainingJobStatusChanged change = EventCodec.decode(payload, TrainingJobStatusChanged.class);
        if (change.status() != JobStatus.SUCCEEDED) {
            return;
        }
        if (change.fineTunedModel() == null) {
            throw new PoisonEventException("job " + change.jobId() + " succeeded without a fine-tuned model name");
        }
        var evaluation = evaluations.request(new EvaluationService.Request(change.jobId(), change.datasetId(),
                change.provider(), change.baseModel(), change.fineTunedModel(), change.retrievalModel()));
        LOG.infof("job %s succeeded: evaluation %s of %s against %s", change.jobId(), evaluation.id,
                change.fineTunedModel(), change.baseModel());
    }
}
