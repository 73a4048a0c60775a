package io.tunepipe.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Knows when a consumer holds every batch of a dataset: batches and the dataset-level count may arrive in any
 * order, on any partition, more than once, and on any instance sharing the database.
 */
@ApplicationScoped
public class BatchLedgerRepository {

    @Inject
    EntityManager em;
    @Inject
    AdvisoryLocks locks;

    @Transactional(Transactional.TxType.MANDATORY)
    public void batchReceived(String stream, String datasetId, int batchIndex) {
        lock(stream, datasetId);
        em.createNativeQuery("INSERT INTO received_batches (stream, dataset_id, batch_index) VALUES (:s, :d, :b)"
                        + " ON CONFLICT DO NOTHING")
                .setParameter("s", stream).setParameter("d", datasetId).setParameter("b", batchIndex)
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void batchesExpected(String stream, String datasetId, int batchCount) {
        lock(stream, datasetId);
        em.createNativeQuery("INSERT INTO expected_batches (stream, dataset_id, batch_count) VALUES (:s, :d, :c)"
                        + " ON CONFLICT DO NOTHING")
                .setParameter("s", stream).setParameter("d", datasetId).setParameter("c", batchCount)
                .executeUpdate();
    }

    /** True once the count is known and that many distinct batches arrived (including this transaction's). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean complete(String stream, String datasetId) {
        var expected = em.createNativeQuery("SELECT batch_count FROM expected_batches WHERE stream = :s AND dataset_id = :d")
                .setParameter("s", stream).setParameter("d", datasetId)
                .getResultList();
        if (expected.isEmpty()) {
            return false;
        }
        Number received = (Number) em.createNativeQuery(
                        "SELECT count(*) FROM received_batches WHERE stream = :s AND dataset_id = :d")
                .setParameter("s", stream).setParameter("d", datasetId)
                .getSingleResult();
        return received.intValue() >= ((Number) expected.get(0)).intValue();
    }

    /**
     * Serialises the transactions that touch one dataset's ledger until they commit, so that of two transactions
     * completing a dataset at once the second sees the first's row: exactly one of them finds it complete.
     */
    private void lock(String stream, String datasetId) {
        locks.lock(stream + "/" + datasetId);
    }
}
