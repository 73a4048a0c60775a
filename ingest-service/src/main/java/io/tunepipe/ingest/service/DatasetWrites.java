package io.tunepipe.ingest.service;

import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.ExampleBatcher;
import io.tunepipe.ingest.messaging.ExampleBatchEvents;
import io.tunepipe.ingest.pipeline.IngestSink;
import io.tunepipe.ingest.pipeline.RejectedRow;
import io.tunepipe.ingest.repository.IngestedExampleRepository;
import io.tunepipe.ingest.repository.RejectedRowRepository;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.NotSupportedException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writes of one ingest, committed chunk by chunk so that the outbox relay sends a chunk's batches while later
 * ones are written: examples cut into batches and streamed into the examples table by one COPY per chunk, then the
 * outbox rows of the chunk's batches and its rejected rows, then the commit. Nothing of it is visible while the
 * dataset is not INGESTED, and a dataset rejected half-way has its chunks deleted ({@link IngestService}).
 */
final class DatasetWrites implements IngestSink, AutoCloseable {

    private static final int REJECTED_FLUSH = 500;
    /**
     * Batches per chunk: the relay starts after the first 8 batches (4,000 short examples) instead of after the whole
     * file, and a chunk's examples, held until the relay sends them, are few enough to die in the young generation
     * ({@code ServiceJvm}); with 32, they filled the old generation and the serial collector's full collections took
     * 3.3-4.4 s of a 1M-row ingest (GC log), about 1 s with 8.
     */
    private static final int BATCHES_PER_CHUNK = 8;
    private static final int CHUNK_TIMEOUT_SECONDS = 600;

    private final TransactionManager transactions;
    private final String datasetId;
    private final AtomicLong rows;
    private final IngestedExampleRepository examples;
    private final ExampleBatchEvents batchEvents;
    private final RejectedRowRepository rejectedRows;
    private final ExampleBatcher batcher = new ExampleBatcher(this::store);
    private final List<StoredBatch> unpublished = new ArrayList<>();
    private final List<RejectedRow> rejected = new ArrayList<>();
    /** The COPY of the open chunk's transaction; null between chunks. */
    private IngestedExampleRepository.Writer writer;
    private long nextOrdinal;
    private int published;

    /** The chunks' transactions are begun and ended on {@code transactions}, on the thread that writes. */
    DatasetWrites(TransactionManager transactions, String datasetId, AtomicLong rows,
            IngestedExampleRepository examples, ExampleBatchEvents batchEvents, RejectedRowRepository rejectedRows) {
        this.transactions = transactions;
        this.datasetId = datasetId;
        this.rows = rows;
        this.examples = examples;
        this.batchEvents = batchEvents;
        this.rejectedRows = rejectedRows;
    }

    @Override
    public void example(Example example) {
        batcher.add(example);
    }

    @Override
    public void rejected(RejectedRow row) {
        rejected.add(row);
        rows.incrementAndGet();
        if (rejected.size() >= REJECTED_FLUSH) {
            commit();
        }
    }

    /** Commits what is pending. */
    void finish() {
        batcher.flush();
        commit();
    }

    /** How many batches were cut so far: once {@link #finish} returned, how many the dataset has. */
    int batchCount() {
        return batcher.batchesEmitted();
    }

    private void store(List<Example> batch) {
        open();
        long first = writer.append(batch);
        nextOrdinal = first + batch.size();
        unpublished.add(new StoredBatch(first, batch));
        rows.addAndGet(batch.size());
        if (unpublished.size() >= BATCHES_PER_CHUNK) {
            commit();
        }
    }

    /** Starts a chunk's transaction and its COPY, unless one is open. */
    private void open() {
        if (writer == null) {
            try {
                transactions.setTransactionTimeout(CHUNK_TIMEOUT_SECONDS);
                transactions.begin();
                transactions.setTransactionTimeout(0); // the thread's later transactions get the default again
            } catch (NotSupportedException | SystemException e) {
                throw new IllegalStateException("cannot begin a chunk of " + datasetId + ": " + e.getMessage(), e);
            }
            writer = examples.writer(datasetId, nextOrdinal);
        }
    }

    /** Ends the chunk's COPY, writes its outbox rows and rejected rows, and commits. */
    private void commit() {
        if (unpublished.isEmpty() && rejected.isEmpty()) {
            return;
        }
        open();
        writer.pause();
        for (StoredBatch batch : unpublished) {
            batchEvents.publish(IngestService.SOURCE, datasetId, published++, batch.firstOrdinal(), batch.examples());
        }
        unpublished.clear();
        rejectedRows.insert(datasetId, rejected);
        rejected.clear();
        writer.close();
        writer = null;
        try {
            transactions.commit();
        } catch (RollbackException | HeuristicMixedException | HeuristicRollbackException | SystemException e) {
            throw new IllegalStateException("cannot commit a chunk of " + datasetId + ": " + e.getMessage(), e);
        }
    }

    /** Abandons a chunk left open (the ingest is failing): its transaction rolls back. */
    @Override
    public void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } finally {
            writer = null;
            try {
                transactions.rollback();
            } catch (SystemException e) {
                throw new IllegalStateException("cannot roll a chunk of " + datasetId + " back: " + e.getMessage(), e);
            }
        }
    }

    /** Examples of one batch, stored from {@code firstOrdinal} on and not yet announced in the outbox. */
    private record StoredBatch(long firstOrdinal, List<Example> examples) {
    }
}
