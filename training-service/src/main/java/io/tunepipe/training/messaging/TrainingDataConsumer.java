package io.tunepipe.training.messaging;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tunepipe.contracts.DatasetAugmented;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.ExamplesAugmented;
import io.tunepipe.contracts.ExamplesIngested;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.Topics;
import io.tunepipe.contracts.TunepipeEvent;
import io.tunepipe.messaging.DatasetIntake;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.messaging.TransientRetry;
import io.tunepipe.training.config.TrainingConfig;
import io.tunepipe.training.queue.JobQueue;
import io.tunepipe.training.queue.JobSpec;
import io.tunepipe.training.repository.DatasetCompleteness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;


/**
 * Gathers what a fine-tune trains on: the training and validation examples from ingest, the paraphrases from
 * augment, and the counts that say when each stream of a dataset is complete; queues a job for a complete dataset
 * when job creation is automatic.
 */
@ApplicationScoped
public class TrainingDataConsumer {

    static final String CONSUMER = "training-service";
    /** Request key of the one automatic job of a dataset, so that a redelivery queues no second job. */
    public static final String AUTOMATIC_JOB = "dataset-ready/";
    private static final Logger LOG = Logger.getLogger(TrainingDataConsumer.class);

    @Inject
    DatasetIntake intake;
    @Inject
    ExampleRepository examples;
    @Inject
    DatasetCompleteness completeness;
    @Inject
    JobQueue jobs;
    @Inject
    TrainingConfig config;

    @Incoming(Topics.EXAMPLES_INGESTED)
    @Blocking
    @TransientRetry
    @Transactional
    public void onIngestedExamples(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        ExamplesIngested batch = EventCodec.decode(payload, ExamplesIngested.class);
        MDC.put("datasetId", batch.datasetId());
        announceIfReady(batch.datasetId(), intake.batch(CONSUMER, Topics.EXAMPLES_INGESTED, batch, batch.datasetId(),
                batch.batchIndex(), batch.examples().stream().filter(e -> e.split() != Split.TEST).toList()));
    }

    @Incoming(Topics.DATASETS_INGESTED)
    @Blocking
    @TransientRetry
    @Transactional
    public void onIngestedDataset(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        TunepipeEvent event = EventCodec.decode(payload);
        if (event instanceof DatasetIngested ingested) {
            MDC.put("datasetId", ingested.datasetId());
            announceIfReady(ingested.datasetId(), intake.batchCount(CONSUMER, Topics.EXAMPLES_INGESTED, ingested,
                    ingested.datasetId(), ingested.batchCount()));
        }
    }

    @Incoming(Topics.EXAMPLES_AUGMENTED)
    @Blocking
    @TransientRetry
    @Transactional
    public void onAugmentedExamples(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        ExamplesAugmented batch = EventCodec.decode(payload, ExamplesAugmented.class);
        MDC.put("datasetId", batch.datasetId());
        announceIfReady(batch.datasetId(), intake.batch(CONSUMER, Topics.EXAMPLES_AUGMENTED, batch, batch.datasetId(),
                batch.batchIndex(), batch.examples()));
    }

    @Incoming(Topics.DATASETS_AUGMENTED)
    @Blocking
    @TransientRetry
    @Transactional
    public void onAugmentedDataset(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        DatasetAugmented augmented = EventCodec.decode(payload, DatasetAugmented.class);
        MDC.put("datasetId", augmented.datasetId());
        announceIfReady(augmented.datasetId(), intake.batchCount(CONSUMER, Topics.EXAMPLES_AUGMENTED, augmented,
                augmented.datasetId(), augmented.batchCount()));
    }

    /** True when both the ingested and the augmented examples of the dataset are all here. */
    public boolean ready(String datasetId) {
        return completeness.complete(datasetId);
    }

    /** A stream's completion is not enough: the dataset is ready when both streams are complete. */
    private void announceIfReady(String datasetId, DatasetIntake.Outcome outcome) {
        if (outcome == DatasetIntake.Outcome.REPEATED) {
            return;
        }
        completeness.lock(datasetId);
        if (ready(datasetId)) {
            LOG.infof("dataset %s ready to train: %s", datasetId, examples.countBySplit(datasetId));
            if (config.jobCreation() == TrainingConfig.JobCreation.AUTOMATIC) {
                jobs.create(new JobSpec(datasetId, null, null, null, null, null), AUTOMATIC_JOB + datasetId);
            }
        }
    }
}
