package io.tunepipe.eval.messaging;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.ExamplesIngested;
import io.tunepipe.contracts.Topics;
import io.tunepipe.contracts.TunepipeEvent;
import io.tunepipe.messaging.DatasetIntake;
import io.tunepipe.messaging.TransientRetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Materialises the examples of each dataset, every split: the test split is what evaluations ask, and the training
 * split tells in-scope questions from out-of-scope probes and feeds the retrieval baseline.
 */
@ApplicationScoped
public class ExamplesConsumer {

    static final String CONSUMER = "eval-service";
    private static final Logger LOG = Logger.getLogger(ExamplesConsumer.class);

    @Inject
    DatasetIntake intake;

    @Incoming(Topics.EXAMPLES_INGESTED)
    @Blocking
    @TransientRetry
    @Transactional
    public void onExamples(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        ExamplesIngested batch = EventCodec.decode(payload, ExamplesIngested.class);
        MDC.put("datasetId", batch.datasetId());
        logIfComplete(batch.datasetId(), intake.batch(CONSUMER, Topics.EXAMPLES_INGESTED, batch, batch.datasetId(),
                batch.batchIndex(), batch.examples()));
    }

    @Incoming(Topics.DATASETS_INGESTED)
    @Blocking
    @TransientRetry
    @Transactional
    public void onDataset(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        TunepipeEvent event = EventCodec.decode(payload);
        if (event instanceof DatasetIngested ingested) {
            MDC.put("datasetId", ingested.datasetId());
            logIfComplete(ingested.datasetId(), intake.batchCount(CONSUMER, Topics.EXAMPLES_INGESTED, ingested,
                    ingested.datasetId(), ingested.batchCount()));
        }
    }

    private static void logIfComplete(String datasetId, DatasetIntake.Outcome outcome) {
        if (outcome == DatasetIntake.Outcome.COMPLETED) {
            LOG.infof("examples of %s complete", datasetId);
        }
    }
}
