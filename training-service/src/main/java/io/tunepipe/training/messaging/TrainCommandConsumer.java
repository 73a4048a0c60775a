package io.tunepipe.training.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tunepipe.contracts.PoisonEventException;
import io.tunepipe.messaging.TransientRetry;
import io.tunepipe.training.queue.JobQueue;
import io.tunepipe.training.queue.JobSpec;
import io.tunepipe.training.repository.TrainingJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.IOException;

/**
 * Queues a job for each {@link TrainCommand}; the command id is the job's request key, so a redelivered command
 * changes nothing. A command that cannot be read, or asks for values out of range, is a poison event: it goes to
 * {@code training-service.training-commands.dlq} at once.
 */
@ApplicationScoped
public class TrainCommandConsumer {

    static final String REQUEST_KEY = "command/";
    private static final Logger LOG = Logger.getLogger(TrainCommandConsumer.class);

    @Inject
    ObjectMapper json;
    @Inject
    JobQueue jobs;

    @Incoming(TrainCommand.TOPIC)
    @Blocking
    @TransientRetry
    @Transactional
    public void onCommand(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        TrainCommand command;
        try {
            command = json.readValue(payload, TrainCommand.class);
        } catch (IOException e) {
            throw new PoisonEventException(e.getMessage(), e);
        }
        if (command.commandId() == null || command.commandId().isBlank()) {
            throw new PoisonEventException("a training command needs a commandId");
        }
        MDC.put("datasetId", command.datasetId());
        TrainingJob job;
        try {
            job = jobs.create(new JobSpec(command.datasetId(), command.provider(), command.baseModel(),
                    command.hyperparameters(), command.seed(), command.suffix()), REQUEST_KEY + command.commandId());
        } catch (IllegalArgumentException invalid) { // values out of range: the same command fails every time
            throw new PoisonEventException(invalid.getMessage(), invalid);
        }
        LOG.infof("command %s: job %s (%s)", command.commandId(), job.id, job.status);
    }
}
