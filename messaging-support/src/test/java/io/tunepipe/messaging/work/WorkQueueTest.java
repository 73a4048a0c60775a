package io.tunepipe.messaging.work;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.localstack.LocalStackTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link WorkQueue} against the real PostgreSQL: an item run once, two instances claiming at once never sharing one, a
 * dead owner's item taken over but a live one's not, an item failed for good after three starts, and only finished
 * items queued again.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class WorkQueueTest {

    @Inject
    WorkQueue queue;
    @Inject
    CountingWork work;
    @Inject
    WorkLoop loop;

    @Test
    void aQueuedItemRunsOnceAndIsDone() {
        String key = "ok-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> queue.enqueue(CountingWork.KIND, key));
        QuarkusTransaction.requiringNew().run(() -> queue.enqueue(CountingWork.KIND, key));

        await().atMost(Duration.ofSeconds(20)).until(() -> status(CountingWork.KIND, key) == WorkQueue.Status.DONE);
        assertThat(work.runs(key)).isEqualTo(1);
    }

    @Test
    void twoInstancesClaimingAtOnceNeverShareAnItem() throws Exception {
        String kind = unhandledKind();
        List<String> keys = IntStream.range(0, 60).mapToObj(i -> "race-" + UUID.randomUUID()).toList();
        QuarkusTransaction.requiringNew().run(() -> keys.forEach(k -> queue.enqueue(kind, k)));

        List<CompletableFuture<List<String>>> instances = new ArrayList<>();
        for (String owner : List.of("instance-a", "instance-b")) {
            instances.add(CompletableFuture.supplyAsync(() -> {
                List<String> mine = new ArrayList<>();
                List<WorkQueue.Claimed> batch;
                do {
                    batch = QuarkusTransaction.requiringNew().call(
                            () -> queue.claim(kind, owner, Duration.ofMinutes(5), 7));
                    batch.forEach(c -> mine.add(c.key()));
                } while (!batch.isEmpty());
                return mine;
            }));
        }
        List<String> a = instances.get(0).get();
        List<String> b = instances.get(1).get();

        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        assertThat(both).isEmpty();
        assertThat(a.size() + b.size()).isEqualTo(keys.size());
    }

    @Test
    void aLiveOwnersItemIsNotTakenOverButADeadOnesIs() {
        String kind = unhandledKind();
        QuarkusTransaction.requiringNew().run(() -> queue.enqueue(kind, "held-by-the-living"));
        List<WorkQueue.Claimed> held = QuarkusTransaction.requiringNew().call(
                () -> queue.claim(kind, "live-owner", Duration.ofMinutes(5), 1));
        QuarkusTransaction.requiringNew().run(() -> queue.enqueue(kind, "held-by-the-dead"));
        QuarkusTransaction.requiringNew().run(() -> queue.claim(kind, "dead-owner", Duration.ZERO, 1));
        QuarkusTransaction.requiringNew().run(() -> queue.renew("live-owner", Duration.ofMinutes(5), held));

        List<WorkQueue.Claimed> takenOver = QuarkusTransaction.requiringNew().call(
                () -> queue.claim(kind, "heir", Duration.ofMinutes(5), 10));

        assertThat(takenOver).containsExactly(new WorkQueue.Claimed(kind, "held-by-the-dead", 2));
    }

    @Test
    void anItemThisLiveInstanceHoldsButNoWorkerRunsIsNotRenewedSoItIsTakenOver() {
        // what a worker leaves when the database was down as it tried to write the item's end
        String kind = unhandledKind();
        QuarkusTransaction.requiringNew().run(() -> queue.enqueue(kind, "end-not-written"));
        QuarkusTransaction.requiringNew().run(() -> queue.claim(kind, loop.owner(), Duration.ofSeconds(2), 1));

        List<WorkQueue.Claimed> takenOver = await().atMost(Duration.ofSeconds(20))
                .until(() -> QuarkusTransaction.requiringNew().call(() -> queue.claim(kind, "heir",
                        Duration.ofMinutes(5), 10)), claimed -> !claimed.isEmpty());

        assertThat(takenOver).containsExactly(new WorkQueue.Claimed(kind, "end-not-written", 2));
    }

    @Test
    void anItemWhoseOwnerDiedIsResumedByThisInstanceAsItsSecondStart() {
        String key = "orphan-" + UUID.randomUUID();
        // a dead instance claimed it first and never renewed: its lease is already over
        List<WorkQueue.Claimed> first = QuarkusTransaction.requiringNew().call(() -> {
            queue.enqueue(CountingWork.KIND, key);
            return queue.claim(CountingWork.KIND, "crashed-instance", Duration.ZERO, 1000);
        });
        assertThat(first).extracting(WorkQueue.Claimed::key).contains(key);

        await().atMost(Duration.ofSeconds(20)).until(() -> status(CountingWork.KIND, key) == WorkQueue.Status.DONE);
        assertThat(work.runs(key)).isEqualTo(1);
    }

    @Test
    void anItemThatFailsEveryStartIsFailedForGoodWithItsReason() {
        String key = "fails-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> queue.enqueue(CountingWork.KIND, key));

        await().atMost(Duration.ofSeconds(30)).until(() -> status(CountingWork.KIND, key) == WorkQueue.Status.FAILED);
        assertThat(work.runs(key)).isEqualTo(3);
        assertThat(work.givenUp(key)).startsWith("3: It was started 3 times without finishing");
    }

    @Test
    void aRunningItemCannotBeQueuedAgainButAFinishedOneCan() {
        String kind = unhandledKind();
        String key = "again";
        QuarkusTransaction.requiringNew().run(() -> queue.enqueue(kind, key));
        QuarkusTransaction.requiringNew().run(() -> queue.claim(kind, "someone", Duration.ofMinutes(5), 1000));

        assertThat(QuarkusTransaction.requiringNew().call(() -> queue.requeue(kind, key))).isFalse();
        WorkQueue.Claimed held = new WorkQueue.Claimed(kind, key, 1);
        assertThat(QuarkusTransaction.requiringNew().call(() -> queue.done(held, "someone else"))).isFalse();
        assertThat(QuarkusTransaction.requiringNew().call(() -> queue.done(held, "someone"))).isTrue();
        assertThat(QuarkusTransaction.requiringNew().call(() -> queue.requeue(kind, key))).isTrue();
        assertThat(status(kind, key)).isEqualTo(WorkQueue.Status.QUEUED);
    }

    /** A kind no handler runs, so that only the test claims its items. */
    private static String unhandledKind() {
        return "unhandled-" + UUID.randomUUID();
    }

    private WorkQueue.Status status(String kind, String key) {
        return QuarkusTransaction.requiringNew().call(() -> queue.status(kind, key)).orElse(null);
    }
}
