package io.tunepipe.augment.messaging;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tunepipe.augment.service.DatasetComplete;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.ExamplesIngested;
import io.tunepipe.contracts.Topics;
import io.tunepipe.contracts.TunepipeEvent;
import io.tunepipe.messaging.DatasetIntake;
import io.tunepipe.messaging.TransientRetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Collects the examples of each ingested dataset (all splits, so no paraphrase can repeat a held-out question)
 * and starts its augmentation once every batch is here.
 */
@ApplicationScoped
public class IngestedDatasetConsumer {

    static final String CONSUMER = "augment-service";
    private static final Logger LOG = Logger.getLogger(IngestedDatasetConsumer.class);

    @Inject
    DatasetIntake intake;
    @Inject
    Event<DatasetComplete> complete;

    @Incoming(Topics.EXAMPLES_INGESTED)
    @Blocking
    @TransientRetry
    @Transactional
    public void onExamples(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        ExamplesIngested batch = EventCodec.decode(payload, ExamplesIngested.class);
        MDC.put("datasetId", batch.datasetId());
        startIfComplete(batch.datasetId(), intake.batch(CONSUMER, Topics.EXAMPLES_INGESTED, batch, batch.datasetId(),
                batch.batchIndex(), batch.examples()));
    }

    @Incoming(Topics.DATASETS_INGESTED)
    @Blocking
    @TransientRetry
    @Transactional
    public void onDataset(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        TunepipeEvent event = EventCodec.decode(payload);
        if (event instanceof DatasetIngested ingested) { // a rejected dataset has nothing to augment
            MDC.put("datasetId", ingested.datasetId());
            startIfComplete(ingested.datasetId(), intake.batchCount(CONSUMER, Topics.EXAMPLES_INGESTED, ingested,
                    ingested.datasetId(), ingested.batchCount()));
        }
    }

    private void startIfComplete(String datasetId, DatasetIntake.Outcome outcome) {
        if (outcome == DatasetIntake.Outcome.COMPLETED) {
            LOG.infof("dataset %s complete: augmenting its training questions", datasetId);
            complete.fire(new DatasetComplete(datasetId));
        }
    }
}
