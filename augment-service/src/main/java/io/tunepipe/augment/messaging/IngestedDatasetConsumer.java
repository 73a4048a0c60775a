package io.tunepipe.augment.messaging;

import io.smallrye.common.annotation.Blocking;
import io.tunepipe.augment.service.DatasetComplete;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.ExamplesIngested;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.Topics;
import io.tunepipe.contracts.TunepipeEvent;
import io.tunepipe.messaging.BatchLedger;
import io.tunepipe.messaging.ConsumedEvents;
import io.tunepipe.messaging.ExampleStore;
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
    ConsumedEvents consumed;
    @Inject
    BatchLedger ledger;
    @Inject
    ExampleStore examples;
    @Inject
    Event<DatasetComplete> complete;

    @Incoming(Topics.EXAMPLES_INGESTED)
    @Blocking
    @Transactional
    public void onExamples(String payload) {
        ExamplesIngested batch = EventCodec.decode(payload, ExamplesIngested.class);
        MDC.put("datasetId", batch.datasetId());
        if (!consumed.firstDelivery(CONSUMER, batch)) {
            return;
        }
        examples.insert(batch.datasetId(), batch.examples());
        ledger.batchReceived(Topics.EXAMPLES_INGESTED, batch.datasetId(), batch.batchIndex());
        announceIfComplete(batch.datasetId());
    }

    @Incoming(Topics.DATASETS_INGESTED)
    @Blocking
    @Transactional
    public void onDataset(String payload) {
        TunepipeEvent event = EventCodec.decode(payload);
        if (!(event instanceof DatasetIngested ingested) || !consumed.firstDelivery(CONSUMER, event)) {
            return; // a rejected dataset has nothing to augment
        }
        MDC.put("datasetId", ingested.datasetId());
        ledger.batchesExpected(Topics.EXAMPLES_INGESTED, ingested.datasetId(), ingested.batchCount());
        announceIfComplete(ingested.datasetId());
    }

    private void announceIfComplete(String datasetId) {
        if (ledger.complete(Topics.EXAMPLES_INGESTED, datasetId)) {
            LOG.infof("dataset %s complete: %d training examples to paraphrase", datasetId,
                    examples.countBySplit(datasetId).getOrDefault(Split.TRAIN, 0L));
            complete.fire(new DatasetComplete(datasetId));
        }
    }
}
