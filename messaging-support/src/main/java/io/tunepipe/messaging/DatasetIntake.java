package io.tunepipe.messaging;

import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.TunepipeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Collection;

/**
 * Takes in the batches of a dataset and the dataset-level batch count from one stream (ingested or augmented
 * examples): each event once per consumer, the examples the consumer keeps stored, and whether the stream is now
 * complete, all in the consumer's transaction.
 */
@ApplicationScoped
public class DatasetIntake {

    /** What an event did: nothing (a redelivery), stored, or stored and completed the stream. */
    public enum Outcome { REPEATED, STORED, COMPLETED }

    @Inject
    ConsumedEventRepository consumed;
    @Inject
    BatchLedgerRepository ledger;
    @Inject
    ExampleRepository examples;

    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome batch(String consumer, String stream, TunepipeEvent event, String datasetId, int batchIndex,
            Collection<Example> kept) {
        if (!consumed.firstDelivery(consumer, event)) {
            return Outcome.REPEATED;
        }
        examples.insert(datasetId, kept);
        ledger.batchReceived(stream, datasetId, batchIndex);
        return ledger.complete(stream, datasetId) ? Outcome.COMPLETED : Outcome.STORED;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Outcome batchCount(String consumer, String stream, TunepipeEvent event, String datasetId, int batchCount) {
        if (!consumed.firstDelivery(consumer, event)) {
            return Outcome.REPEATED;
        }
        ledger.batchesExpected(stream, datasetId, batchCount);
        return ledger.complete(stream, datasetId) ? Outcome.COMPLETED : Outcome.STORED;
    }
}
