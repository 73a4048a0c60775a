package io.tunepipe.ingest.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.DatasetRejected;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Topics;
import io.tunepipe.ingest.config.IngestConfig;
import io.tunepipe.ingest.messaging.ExampleBatchEvents;
import io.tunepipe.ingest.pipeline.IngestPipeline;
import io.tunepipe.ingest.pipeline.IngestResult;
import io.tunepipe.ingest.pipeline.IngestSink;
import io.tunepipe.ingest.pipeline.ParseAhead;
import io.tunepipe.ingest.pipeline.UnreadableFileException;
import io.tunepipe.ingest.repository.Dataset;
import io.tunepipe.ingest.repository.DatasetRepository;
import io.tunepipe.ingest.repository.IngestedExampleRepository;
import io.tunepipe.ingest.repository.RejectedRowRepository;
import io.tunepipe.messaging.Outbox;
import io.tunepipe.messaging.work.DatabaseOutage;
import io.tunepipe.messaging.work.WorkHandler;
import io.tunepipe.messaging.work.WorkLease;
import io.tunepipe.messaging.work.WorkQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionManager;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a submitted file into a dataset: recognises content seen before, then reads, cleans and splits it in the
 * background ({@link ParseAhead}), storing examples and rejected rows and publishing their batches chunk by chunk
 * ({@link DatasetWrites}); the dataset event, which alone lets consumers act on the batches, comes last. A dataset
 * rejected half-way has what its chunks wrote deleted and its unsent batches withdrawn. Each ingest is an item of
 * the shared work queue: any instance takes it, one whose instance died is resumed by another (from the start,
 * deleting what the earlier try wrote), one that kills its instance every time is rejected after a few starts.
 */
@ApplicationScoped
public class IngestService implements WorkHandler {

    public static final String SOURCE = "/ingest-service";
    private static final Logger LOG = Logger.getLogger(IngestService.class);
    /** The kind of the ingests' items in the work queue. */
    public static final String WORK = "ingest";

    @Inject
    IngestConfig config;
    @Inject
    DatasetRepository datasets;
    @Inject
    IngestedExampleRepository examples;
    @Inject
    ExampleBatchEvents batchEvents;
    @Inject
    RejectedRowRepository rejectedRows;
    @Inject
    Outbox outbox;
    @Inject
    IngestProgress progress;
    @Inject
    MeterRegistry metrics;
    @Inject
    ObjectMapper json;
    @Inject
    Event<IngestFinished> finished;
    @Inject
    WorkQueue work;
    @Inject
    TransactionManager transactions;

    /** What a submission led to: a new dataset, or the earlier one with the same content. */
    public record Submission(Dataset dataset, boolean duplicate) {
    }

    /**
     * Registers {@code file} as a dataset and ingests it in the background, firing {@link IngestFinished} at the end.
     * Content already ingested (or on its way) is not ingested again unless {@code force}.
     */
    public Submission submit(String name, Dataset.Source source, Path file, ColumnMapping mapping, boolean force)
            throws IOException {
        String hash = ContentHash.of(file);
        if (!force) {
            var earlier = QuarkusTransaction.requiringNew().call(() -> datasets.findSameContent(hash));
            if (earlier.isPresent()) {
                LOG.infof("%s has the content of dataset %s: not ingested again", name, earlier.get().id);
                return new Submission(earlier.get(), true);
            }
        }
        Dataset dataset = QuarkusTransaction.requiringNew().call(() -> {
            Dataset d = newDataset(name, source, file, mapping, hash);
            d.persist();
            work.enqueue(WORK, d.id);
            return d;
        });
        return new Submission(dataset, false);
    }

    /** A fresh path in the working folder for an incoming upload. */
    public Path spoolFile() throws IOException {
        Path dir = config.dataDir().resolve("uploads");
        Files.createDirectories(dir);
        return dir.resolve("upload-" + UUID.randomUUID() + ".csv");
    }

    /**
     * Records a dataset for a file that cannot be opened at all (a Kafka command naming a missing path), so the
     * failure is visible and announced like any other rejection.
     */
    public Dataset rejectUnopenable(String name, Dataset.Source source, Path file, ColumnMapping mapping,
            String reason) {
        String id = QuarkusTransaction.requiringNew().call(() -> {
            Dataset d = newDataset(name, source, file, mapping, null);
            d.persist();
            return d.id;
        });
        reject(id, reason);
        return QuarkusTransaction.requiringNew().call(() -> datasets.findById(id));
    }

    private Dataset newDataset(String name, Dataset.Source source, Path file, ColumnMapping mapping, String hash) {
        Dataset d = new Dataset();
        d.id = "ds-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        d.name = name;
        d.source = source;
        d.filePath = file.toAbsolutePath().toString();
        d.mapping = toJson(mapping);
        d.contentHash = hash;
        d.status = Dataset.Status.RECEIVED;
        d.createdAt = Instant.now();
        d.updatedAt = d.createdAt;
        return d;
    }

    @Override
    public String kind() {
        return WORK;
    }

    @Override
    public int concurrency() {
        return config.concurrentIngests();
    }

    /** Ingests the dataset from the start (a resumed one too, once what its earlier try wrote is deleted). */
    @Override
    public void run(String datasetId, WorkLease lease) {
        MDC.put("datasetId", datasetId);
        AtomicLong rows = progress.start(datasetId);
        try {
            Dataset dataset = QuarkusTransaction.requiringNew().call(() -> {
                Dataset d = datasets.findById(datasetId);
                if (d.status != Dataset.Status.RECEIVED && d.status != Dataset.Status.INGESTING) {
                    return null;
                }
                d.status = Dataset.Status.INGESTING;
                d.updatedAt = Instant.now();
                return d;
            });
            if (dataset == null) {
                return;
            }
            ingestOrReject(dataset, rows);
            finished.fire(new IngestFinished(QuarkusTransaction.requiringNew()
                    .call(() -> datasets.findById(datasetId))));
        } finally {
            progress.finish(datasetId);
            MDC.remove("datasetId");
        }
    }

    @Override
    public void giveUp(String datasetId, int attempts, String reason) {
        reject(datasetId, "The ingest did not finish: " + reason + " The file may need more memory than the"
                + " service has.");
        finished.fire(new IngestFinished(datasets.findById(datasetId)));
    }

    private void ingestOrReject(Dataset dataset, AtomicLong rows) {
        try {
            ingest(dataset, rows);
        } catch (IngestFailure e) {
            reject(dataset.id, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            if (DatabaseOutage.causes(e)) {
                throw e; // the work queue runs it again, and the next try starts over
            }
            LOG.errorf(e, "ingest of %s failed", dataset.id);
            reject(dataset.id, "The file could not be ingested: " + (e instanceof Error
                    ? "it needs more memory than this service has (" + e + ")." : e.getMessage()));
        }
    }

    private void ingest(Dataset dataset, AtomicLong rows) {
        QuarkusTransaction.requiringNew().run(() -> discardWritten(dataset.id));
        DatasetWrites writes = new DatasetWrites(transactions, dataset.id, rows, examples, batchEvents, rejectedRows);
        IngestResult result = write(dataset, writes);
        QuarkusTransaction.requiringNew().run(() -> ingested(dataset.id, result, writes.batchCount()));
    }

    private IngestResult write(Dataset dataset, DatasetWrites writes) {
        try (writes; InputStream in = Files.newInputStream(Path.of(dataset.filePath))) {
            IngestPipeline pipeline = new IngestPipeline(config.pipelineSettings());
            ColumnMapping mapping = fromJson(dataset.mapping);
            String id = dataset.id;
            IngestResult result = ParseAhead.run("ingest-parse-" + id,
                    out -> pipeline.run(id, in, mapping, IngestSink.of(out)), writes::accept);
            writes.finish();
            return result;
        } catch (UnreadableFileException e) {
            throw new IngestFailure(e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IngestFailure("The file " + dataset.filePath + " does not exist or is not readable.");
        } catch (IOException e) {
            throw new IngestFailure("The file could not be read: " + e.getMessage());
        }
    }

    /** Records the outcome and publishes the dataset event, which tells consumers how many batches to expect. */
    private void ingested(String id, IngestResult result, int batchCount) {
        Dataset d = datasets.findById(id);
        d.status = Dataset.Status.INGESTED;
        d.encoding = result.encoding();
        d.delimiter = String.valueOf(result.delimiter());
        d.rowsRead = result.rowsRead();
        d.trainCount = result.examples().train();
        d.validationCount = result.examples().validation();
        d.testCount = result.examples().test();
        d.rejectedCount = result.rejectedByReason().values().stream().mapToLong(Long::longValue).sum();
        d.rejectedByReason = toJson(result.rejectedByReason());
        d.duplicates = result.duplicates();
        d.conflicts = result.conflicts();
        d.batchCount = batchCount;
        d.updatedAt = Instant.now();
        outbox.publish(Topics.DATASETS_INGESTED, new DatasetIngested(
                EventMetadata.deterministic(SOURCE, id, id + "/ingested"), id, d.name, d.contentHash, d.rowsRead,
                result.examples(), result.rejectedByReason(), d.duplicates, d.conflicts, d.batchCount));
        metrics.counter("tunepipe.ingest.examples").increment(result.examples().total());
        metrics.counter("tunepipe.ingest.rejected.rows").increment(d.rejectedCount);
        metrics.counter("tunepipe.ingest.datasets", "outcome", "ingested").increment();
        LOG.infof("ingested %s: %d rows read, %s, %d rejected, %d duplicates, %d conflicts, %d batches", id,
                d.rowsRead, result.examples(), d.rejectedCount, d.duplicates, d.conflicts, d.batchCount);
    }

    /** Deletes what an ingest of the dataset wrote before it was cut short, and withdraws its unsent batches. */
    private void discardWritten(String datasetId) {
        batchEvents.withdraw(datasetId);
        examples.deleteOf(datasetId);
        rejectedRows.deleteOf(datasetId);
    }

    private void reject(String datasetId, String reason) {
        QuarkusTransaction.joiningExisting().run(() -> {
            discardWritten(datasetId);
            Dataset d = datasets.findById(datasetId);
            d.status = Dataset.Status.REJECTED;
            d.reason = reason;
            d.updatedAt = Instant.now();
            EventMetadata meta = EventMetadata.deterministic(SOURCE, datasetId, datasetId + "/rejected");
            outbox.publish(Topics.DATASETS_INGESTED, new DatasetRejected(meta, datasetId, d.name, reason));
        });
        metrics.counter("tunepipe.ingest.datasets", "outcome", "rejected").increment();
        LOG.warnf("rejected %s: %s", datasetId, reason);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ColumnMapping fromJson(String mapping) {
        try {
            return json.readValue(mapping, ColumnMapping.class);
        } catch (JsonProcessingException e) {
            throw new IngestFailure("The stored column mapping is unreadable: " + e.getOriginalMessage());
        }
    }

    /** Ends an ingest with a reason a user understands: what its chunks wrote is deleted, the dataset rejected. */
    private static final class IngestFailure extends RuntimeException {
        IngestFailure(String message) {
            super(message);
        }
    }
}
