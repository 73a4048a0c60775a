package io.tunepipe.ingest.service;

import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.ExampleBatcher;
import io.tunepipe.ingest.messaging.ExampleBatchEvents;
import io.tunepipe.ingest.pipeline.IngestSink;
import io.tunepipe.ingest.pipeline.RejectedRow;
import io.tunepipe.ingest.repository.IngestedExampleRepository;
import io.tunepipe.ingest.repository.RejectedRowRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writes of one ingest, in its transaction: examples cut into batches and streamed into the examples table
 * by one COPY, paused now and then to write the outbox rows of the batches stored so far and the rejected rows.
 */
final class DatasetWrites implements IngestSink, AutoCloseable {

    private static final int REJECTED_FLUSH = 500;
    /** Each pause of the examples COPY waits for PostgreSQL to catch up, so pauses are kept rare. */
    private static final int BATCHES_PER_FLUSH = 200;

    private final String datasetId;
    private final AtomicLong rows;
    private final IngestedExampleRepository.Writer writer;
    private final ExampleBatchEvents batchEvents;
    private final RejectedRowRepository rejectedRows;
    private final ExampleBatcher batcher = new ExampleBatcher(this::store);
    private final List<StoredBatch> unpublished = new ArrayList<>();
    private final List<RejectedRow> rejected = new ArrayList<>();
    private int published;

    DatasetWrites(String datasetId, AtomicLong rows, IngestedExampleRepository.Writer writer,
            ExampleBatchEvents batchEvents, RejectedRowRepository rejectedRows) {
        this.datasetId = datasetId;
        this.rows = rows;
        this.writer = writer;
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
            flush();
        }
    }

    /** Writes what is pending; returns how many batches the dataset has. */
    int finish() {
        batcher.flush();
        flush();
        return batcher.batchesEmitted();
    }

    private void store(List<Example> batch) {
        unpublished.add(new StoredBatch(writer.append(batch), batch.size()));
        rows.addAndGet(batch.size());
        if (unpublished.size() >= BATCHES_PER_FLUSH) {
            flush();
        }
    }

    private void flush() {
        writer.pause();
        for (StoredBatch batch : unpublished) {
            batchEvents.publish(IngestService.SOURCE, datasetId, published++, batch.firstOrdinal(), batch.size());
        }
        unpublished.clear();
        rejectedRows.insert(datasetId, rejected);
        rejected.clear();
    }

    @Override
    public void close() {
        writer.close();
    }

    /** Examples of one batch, stored from {@code firstOrdinal} on and not yet announced in the outbox. */
    private record StoredBatch(long firstOrdinal, int size) {
    }
}
