package io.tunepipe.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.DatasetRejected;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.PoisonEventException;
import io.tunepipe.contracts.Split;
import io.tunepipe.contracts.TunepipeEvent;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.messaging.DatasetIntake.Outcome;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DatasetIntake} against the real PostgreSQL: a dataset complete once every batch and the count arrived in any
 * order, redeliveries taken once, batch indexes outside the count poison, and exactly one of two last batches arriving
 * together completing it.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class DatasetIntakeTest {

    private static final String CONSUMER = "test-consumer";
    private static final String STREAM = "examples-ingested";

    @Inject
    DatasetIntake intake;
    @Inject
    ExampleRepository examples;

    @Test
    void aDatasetIsCompleteOnceEveryBatchAndTheCountArrivedInAnyOrder() {
        String ds = "ds-" + UUID.randomUUID();

        assertThat(batch(ds, 2, event(ds))).isEqualTo(Outcome.STORED);
        assertThat(count(ds, 3, event(ds))).isEqualTo(Outcome.STORED);
        assertThat(batch(ds, 0, event(ds))).isEqualTo(Outcome.STORED);
        assertThat(batch(ds, 1, event(ds))).isEqualTo(Outcome.COMPLETED);

        assertThat(examples.countBySplit(ds)).containsExactlyEntriesOf(Map.of(Split.TRAIN, 3L));
    }

    @Test
    void aRedeliveredBatchChangesNothingAndDoesNotCountTwice() {
        String ds = "ds-" + UUID.randomUUID();
        TunepipeEvent first = event(ds);

        assertThat(batch(ds, 0, first)).isEqualTo(Outcome.STORED);
        assertThat(batch(ds, 0, first)).isEqualTo(Outcome.REPEATED);
        assertThat(count(ds, 2, event(ds))).isEqualTo(Outcome.STORED);
        // the same batch again under a new event id (a producer that re-sent it): stored once, still not complete
        assertThat(batch(ds, 0, event(ds))).isEqualTo(Outcome.STORED);
        assertThat(batch(ds, 1, event(ds))).isEqualTo(Outcome.COMPLETED);

        assertThat(examples.countBySplit(ds)).containsExactlyEntriesOf(Map.of(Split.TRAIN, 2L));
    }

    @Test
    void aRedeliveredCountIsRepeatedAndTheFirstCountStands() {
        String ds = "ds-" + UUID.randomUUID();
        TunepipeEvent announced = event(ds);

        assertThat(count(ds, 1, announced)).isEqualTo(Outcome.STORED);
        assertThat(count(ds, 1, announced)).isEqualTo(Outcome.REPEATED);
        assertThat(batch(ds, 0, event(ds))).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aBatchIndexOutsideTheCountIsPoisonWhicheverArrivesFirstAndStoresNothing() {
        String counted = "ds-" + UUID.randomUUID();
        assertThat(count(counted, 2, event(counted))).isEqualTo(Outcome.STORED);
        assertThatThrownBy(() -> batch(counted, 2, event(counted))).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("outside 0..1");
        assertThatThrownBy(() -> batch(counted, -1, event(counted))).isInstanceOf(PoisonEventException.class);

        String early = "ds-" + UUID.randomUUID();
        assertThat(batch(early, 5, event(early))).isEqualTo(Outcome.STORED);
        assertThatThrownBy(() -> count(early, 3, event(early))).isInstanceOf(PoisonEventException.class)
                .hasMessageContaining("batch 5 has arrived");

        assertThat(examples.countBySplit(counted)).isEmpty();
        assertThat(batch(counted, 0, event(counted))).isEqualTo(Outcome.STORED);
        assertThat(batch(counted, 1, event(counted))).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void ofTheLastTwoBatchesArrivingAtOnceExactlyOneCompletesTheDataset() throws Exception {
        for (int round = 0; round < 5; round++) {
            String ds = "ds-" + UUID.randomUUID();
            assertThat(count(ds, 3, event(ds))).isEqualTo(Outcome.STORED);
            assertThat(batch(ds, 0, event(ds))).isEqualTo(Outcome.STORED);
            CyclicBarrier together = new CyclicBarrier(2);
            List<CompletableFuture<Outcome>> last = new ArrayList<>();
            for (int index : new int[] {1, 2}) {
                last.add(CompletableFuture.supplyAsync(() -> QuarkusTransaction.requiringNew().call(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return intake.batch(CONSUMER, STREAM, event(ds), ds, index, List.of(example(ds, index)));
                })));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (CompletableFuture<Outcome> f : last) {
                outcomes.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(outcomes).containsExactlyInAnyOrder(Outcome.STORED, Outcome.COMPLETED);
        }
    }

    private Outcome batch(String ds, int index, TunepipeEvent event) {
        return QuarkusTransaction.requiringNew().call(() -> intake.batch(CONSUMER, STREAM, event, ds, index,
                List.of(example(ds, index))));
    }

    private Outcome count(String ds, int batches, TunepipeEvent event) {
        return QuarkusTransaction.requiringNew().call(() -> intake.batchCount(CONSUMER, STREAM, event, ds, batches));
    }

    private static TunepipeEvent event(String ds) {
        return new DatasetRejected(EventMetadata.create("/test", ds), ds, "file.csv", "a test event");
    }

    private static Example example(String ds, int index) {
        return new Example(ds + "/" + index, ds + "/g", Split.TRAIN, "question " + index, "answer", null,
                Origin.ORIGINAL, null, index + 2);
    }
}
