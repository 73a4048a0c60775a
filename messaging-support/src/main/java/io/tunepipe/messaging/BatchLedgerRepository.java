package io.tunepipe.messaging;

import io.tunepipe.contracts.PoisonEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Knows when a consumer holds every batch of a dataset: batches and the dataset-level count may arrive in any
 * order, on any partition, more than once, and on any instance sharing the database. A batch index outside
 * {@code 0..batchCount-1} is a poison event, whichever of the two arrives first.
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
        int count = expectedCount(stream, datasetId);
        if (batchIndex < 0 || (count >= 0 && batchIndex >= count)) {
            throw new PoisonEventException("batch " + batchIndex + " of dataset " + datasetId + " on " + stream
                    + " is outside 0.." + (count >= 0 ? count - 1 : "batchCount-1"));
        }
        em.createNativeQuery("INSERT INTO received_batches (stream, dataset_id, batch_index) VALUES (:s, :d, :b)"
                        + " ON CONFLICT DO NOTHING")
                .setParameter("s", stream).setParameter("d", datasetId).setParameter("b", batchIndex)
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void batchesExpected(String stream, String datasetId, int batchCount) {
        lock(stream, datasetId);
        Number highest = (Number) em.createNativeQuery(
                        "SELECT max(batch_index) FROM received_batches WHERE stream = :s AND dataset_id = :d")
                .setParameter("s", stream).setParameter("d", datasetId)
                .getSingleResult();
        if (batchCount < 0 || (highest != null && highest.intValue() >= batchCount)) {
            throw new PoisonEventException("dataset " + datasetId + " on " + stream + " announces " + batchCount
                    + " batches, but batch " + highest + " has arrived");
        }
        em.createNativeQuery("INSERT INTO expected_batches (stream, dataset_id, batch_count) VALUES (:s, :d, :c)"
                        + " ON CONFLICT DO NOTHING")
                .setParameter("s", stream).setParameter("d", datasetId).setParameter("c", batchCount)
                .executeUpdate();
    }

    /** True once the count is known and that many distinct batches arrived (including this transaction's). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean complete(String stream, String datasetId) {
        int expected = expectedCount(stream, datasetId);
        if (expected < 0) {
            return false;
        }
        Number received = (Number) em.createNativeQuery(
                        "SELECT count(*) FROM received_batches WHERE stream = :s AND dataset_id = :d")
                .setParameter("s", stream).setParameter("d", datasetId)
                .getSingleResult();
        return received.intValue() >= expected;
    }

    /** The announced batch count, or -1 while it is unknown. */
    private int expectedCount(String stream, String datasetId) {
        var expected = em.createNativeQuery(
                        "SELECT batch_count FROM expected_batches WHERE stream = :s AND dataset_id = :d")
                .setParameter("s", stream).setParameter("d", datasetId)
                .getResultList();
        return expected.isEmpty() ? -1 : ((Number) expected.get(0)).intValue();
    }

    /**
     * Serialises the transactions that touch one dataset's ledger until they commit, so that of two transactions
     * completing a dataset at once the second sees the first's row: exactly one of them finds it complete.
     */
    private void lock(String stream, String datasetId) {
        locks.lock(stream + "/" + datasetId);
    }
}
