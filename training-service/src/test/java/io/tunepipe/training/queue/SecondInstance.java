package io.tunepipe.training.queue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.tunepipe.messaging.work.WorkLease;
import io.tunepipe.messaging.work.WorkQueue;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Another training-service instance as the work queue sees it: its own owner, which renews its leases and holds one
 * job at a time through the same {@link TrainingWork}, beside this JVM's work loop.
 */
final class SecondInstance implements AutoCloseable {

    private static final Duration LEASE = Duration.ofSeconds(15);
    private static final Logger LOG = Logger.getLogger(SecondInstance.class);

    private final String owner;
    private final WorkQueue work;
    private final TrainingWork training;
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService runs = Executors.newSingleThreadExecutor();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger claimsLeft;
    private volatile boolean active = true;

    /** An instance that claims at most {@code claims} jobs in its life, one at a time. */
    SecondInstance(String owner, WorkQueue work, TrainingWork training, int claims) {
        this.owner = owner;
        this.claimsLeft = new AtomicInteger(claims);
        this.work = work;
        this.training = training;
        ticks.scheduleWithFixedDelay(this::tick, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** The jobs this instance claimed. */
    Set<String> held() {
        return Set.copyOf(held);
    }

    private void tick() {
        try {
            QuarkusTransaction.requiringNew().run(() -> work.renew(owner, LEASE, held.stream()
                    .map(job -> new WorkQueue.Claimed(TrainingWork.KIND, job, 0)).toList()));
            if (active && claimsLeft.get() > 0 && busy.compareAndSet(false, true)) {
                claimOne();
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "%s: tick failed; the next one tries again", owner);
        }
    }

    private void claimOne() {
        List<WorkQueue.Claimed> claimed = List.of();
        try {
            claimed = QuarkusTransaction.requiringNew().call(() -> work.claim(TrainingWork.KIND, owner, LEASE, 1));
        } finally {
            if (claimed.isEmpty()) {
                busy.set(false);
            }
        }
        if (claimed.isEmpty()) {
            return;
        }
        WorkQueue.Claimed item = claimed.get(0);
        held.add(item.key());
        claimsLeft.decrementAndGet();
        runs.execute(() -> {
            try {
                training.run(item.key(), lease(item));
                if (active) { // a run that stopped because this instance stops is given back, not done
                    QuarkusTransaction.requiringNew().run(() -> work.done(item, owner));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) { // as the work loop does: given back, to be tried again after the lease
                LOG.errorf(e, "%s: job %s failed", owner, item.key());
                QuarkusTransaction.requiringNew().run(() -> work.retryLater(item, owner, LEASE, e.toString()));
            } finally {
                busy.set(false);
            }
        });
    }

    private WorkLease lease(WorkQueue.Claimed item) {
        return new WorkLease() {
            @Override
            public boolean active() {
                return active;
            }

            @Override
            public boolean held() {
                return work.holds(item.kind(), item.key(), owner);
            }
        };
    }

    /** Stops as an instance stops cleanly: running jobs reach a safe point and are given back. */
    @Override
    public void close() throws InterruptedException {
        active = false;
        ticks.shutdown();
        runs.shutdown();
        ticks.awaitTermination(30, TimeUnit.SECONDS);
        runs.awaitTermination(30, TimeUnit.SECONDS);
        QuarkusTransaction.requiringNew().run(() -> work.release(owner));
    }
}
