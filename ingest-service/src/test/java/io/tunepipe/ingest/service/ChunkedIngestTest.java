package io.tunepipe.ingest.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.DatasetRejected;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.Topics;
import io.tunepipe.ingest.messaging.ExampleBatchEvents;
import io.tunepipe.ingest.pipeline.RejectedRow;
import io.tunepipe.ingest.repository.Dataset;
import io.tunepipe.ingest.repository.DatasetRepository;
import io.tunepipe.ingest.repository.IngestedExampleRepository;
import io.tunepipe.ingest.repository.RejectedRowRepository;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.messaging.work.WorkQueue;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionManager;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An ingest commits chunk by chunk against the real PostgreSQL and Kafka: a chunk's batches are sent while the
 * ingest goes on, a dataset rejected half-way keeps none of what its chunks wrote and never announces a batch
 * count, and an ingest resumed after a crash starts again from nothing.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ChunkedIngestTest {

    /** A chunk of 32 full batches of 500, then one batch more in a chunk left open, and a few still unbatched. */
    private static final int EXAMPLES = 33 * 500 + 40;

    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();

    @Inject
    IngestService service;
    @Inject
    DatasetRepository datasets;
    @Inject
    IngestedExampleRepository examples;
    @Inject
    ExampleRepository storedExamples;
    @Inject
    ExampleBatchEvents batchEvents;
    @Inject
    RejectedRowRepository rejectedRows;
    @Inject
    WorkQueue work;
    @Inject
    TransactionManager transactions;

    @Test
    void aChunksBatchesAreSentBeforeTheEndAndADatasetRejectedHalfWayKeepsNothing() {
        String id = dataset(Dataset.Status.INGESTING, Path.of("never-read.csv"));
        try (DatasetWrites writes = writes(id)) {
            writes.rejected(new RejectedRow(3, "empty-answer", "The answer is empty.", "q,"));
            for (int i = 0; i < EXAMPLES; i++) {
                writes.example(example(id, i));
            }
            // the first chunk is committed and on its way while the second is still open
            kafka.await(Topics.EXAMPLES_INGESTED, r -> r.key().startsWith(id + "/"), 32, Duration.ofSeconds(60));
            assertThat(countOf(id)).isEqualTo(32 * 500);
            assertThat(rejectedOf(id)).hasSize(1);
        } // the ingest fails here: the open chunk rolls back

        service.giveUp(id, 3, "the test cut it short.");

        assertThat(QuarkusTransaction.requiringNew().call(() -> datasets.findById(id).status))
                .isEqualTo(Dataset.Status.REJECTED);
        assertThat(countOf(id)).isZero();
        assertThat(rejectedOf(id)).isEmpty();
        var outcome = kafka.await(Topics.DATASETS_INGESTED, r -> id.equals(r.key()), 1, Duration.ofSeconds(30));
        assertThat(EventCodec.decode(outcome.get(0).value())).isInstanceOf(DatasetRejected.class);
    }

    @Test
    void anIngestResumedAfterACrashDeletesWhatTheEarlierTryWroteAndCountsOnce() throws Exception {
        Path csv = Files.createTempFile("resumed", ".csv");
        StringBuilder text = new StringBuilder("question,answer\n");
        for (int i = 0; i < 100; i++) {
            text.append("Question ").append(i).append("?,Answer ").append(i).append(".\n");
        }
        Files.writeString(csv, text);
        String id = dataset(Dataset.Status.RECEIVED, csv);
        try (DatasetWrites crashed = writes(id)) {
            for (int i = 0; i < 70; i++) {
                crashed.example(example(id, 1000 + i)); // ids the real ingest never makes
            }
            crashed.rejected(new RejectedRow(7, "empty-answer", "The answer is empty.", "q,"));
            crashed.finish();
        }
        assertThat(countOf(id)).isEqualTo(70);

        QuarkusTransaction.requiringNew().run(() -> work.enqueue(IngestService.WORK, id));

        await().atMost(Duration.ofSeconds(60)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> datasets.findById(id).status) == Dataset.Status.INGESTED);
        assertThat(countOf(id)).isEqualTo(100);
        assertThat(rejectedOf(id)).isEmpty();
        assertThat(QuarkusTransaction.requiringNew().call(() -> examples.range(id, 0, 100)))
                .extracting(Example::sourceLine).doesNotContain(1000L).contains(2L, 101L);
    }

    private String dataset(Dataset.Status status, Path file) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Dataset d = new Dataset();
            d.id = "ds-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            d.name = "chunked";
            d.source = Dataset.Source.UPLOAD;
            d.filePath = file.toAbsolutePath().toString();
            d.mapping = "{\"variants\": []}";
            d.status = status;
            d.createdAt = Instant.now();
            d.updatedAt = d.createdAt;
            d.persist();
            return d.id;
        });
    }

    private DatasetWrites writes(String id) {
        return new DatasetWrites(transactions, id, new AtomicLong(), examples, batchEvents, rejectedRows);
    }

    /** In a transaction of its own: the thread's chunk, if one is open, holds its connection in COPY mode. */
    private long countOf(String id) {
        return QuarkusTransaction.requiringNew().call(() -> storedExamples.countBySplit(id)).values().stream()
                .mapToLong(Long::longValue).sum();
    }

    private List<RejectedRow> rejectedOf(String id) {
        return QuarkusTransaction.requiringNew().call(() -> rejectedRows.page(id, 0, 10));
    }

    private static Example example(String dataset, int line) {
        return new Example(dataset + "/" + line, dataset + "/g/" + line, Split.TRAIN, "Question " + line + "?",
                "Answer " + line + ".", null, Origin.ORIGINAL, null, line);
    }
}
