package io.tunepipe.training.repository;

import io.tunepipe.contracts.Topics;
import io.tunepipe.messaging.AdvisoryLocks;
import io.tunepipe.messaging.BatchLedgerRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Whether this service holds all of a dataset: every ingested batch and every augmented batch. */
@ApplicationScoped
public class DatasetCompleteness {

    @Inject
    BatchLedgerRepository ledger;
    @Inject
    AdvisoryLocks locks;

    @Transactional(Transactional.TxType.MANDATORY)
    public boolean complete(String datasetId) {
        return ledger.complete(Topics.EXAMPLES_INGESTED, datasetId)
                && ledger.complete(Topics.EXAMPLES_AUGMENTED, datasetId);
    }

    /**
     * Serialises, until commit, the transactions that may complete one dataset: the ledger locks each stream on
     * its own, so the last ingested and the last augmented batch arriving at once could each miss the other.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String datasetId) {
        locks.lock("training-dataset/" + datasetId);
    }
}
