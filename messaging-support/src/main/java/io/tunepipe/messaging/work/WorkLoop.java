package io.tunepipe.messaging.work;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs this instance's share of the {@link WorkQueue}: on a timer (and right after an item is queued) it renews
 * the leases it holds and claims what its {@link WorkHandler}s have room for; each item runs on its handler's own
 * threads and ends done, failed for good after {@code tunepipe.work.max-attempts} starts, or back in the queue.
 * A clean stop lets running items reach a safe point and gives them back.
 */
@ApplicationScoped
public class WorkLoop {

    /** CDI event fired when an item is queued, so that workers look right after the commit. */
    public enum Enqueued { INSTANCE }

    private static final Logger LOG = Logger.getLogger(WorkLoop.class);

    @Inject
    WorkQueue queue;
    @Inject
    Instance<WorkHandler> handlers;
    @Inject
    ManagedExecutor wakeUps;
    @ConfigProperty(name = "tunepipe.work.lease", defaultValue = "15s")
    Duration lease;
    @ConfigProperty(name = "tunepipe.work.max-attempts", defaultValue = "3")
    int maxAttempts;

    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private final Map<String, ExecutorService> threads = new HashMap<>();
    private final Map<String, AtomicInteger> inFlight = new HashMap<>();
    /** The items a worker of this instance is running now: the only leases it renews. */
    private final Set<WorkQueue.Claimed> runningHere = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    void onStart(@Observes StartupEvent start) {
        start();
    }

    void onStop(@Observes ShutdownEvent stop) {
        stop();
    }

    /** Starts taking work (at start-up, or again after {@link #stop}). */
    public synchronized void start() {
        if (running) {
            return;
        }
        for (WorkHandler handler : handlers) {
            threads.put(handler.kind(), Executors.newFixedThreadPool(handler.concurrency(),
                    r -> new Thread(r, handler.kind() + "-worker")));
            inFlight.put(handler.kind(), new AtomicInteger());
        }
        running = true;
    }

    /**
     * Stops taking work: running items get up to 30 s to reach a safe point (handlers see their lease inactive),
     * then every item of this instance is given back to the queue.
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        threads.values().forEach(ExecutorService::shutdown);
        try {
            for (ExecutorService pool : threads.values()) {
                if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int released = QuarkusTransaction.requiringNew().call(() -> queue.release(owner));
        LOG.infof("work loop stopped; %d unfinished item(s) given back", released);
    }

    void afterEnqueue(@Observes(during = TransactionPhase.AFTER_SUCCESS) Enqueued enqueued) {
        if (running) {
            wakeUps.execute(this::claimAndStart);
        }
    }

    @Scheduled(every = "${tunepipe.work.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        if (!running) {
            return;
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> queue.renew(owner, lease, Set.copyOf(runningHere)));
            claimAndStart();
        } catch (RuntimeException e) {
            LOG.warnf("work loop: %s; the next tick tries again", e.getMessage());
        }
    }

    /** This instance's name in the queue's owner column. */
    public String owner() {
        return owner;
    }

    private synchronized void claimAndStart() {
        for (WorkHandler handler : handlers) {
            AtomicInteger busy = inFlight.get(handler.kind());
            int free = handler.concurrency() - busy.get();
            if (!running || free <= 0) {
                continue;
            }
            for (WorkQueue.Claimed item : QuarkusTransaction.requiringNew().call(
                    () -> queue.claim(handler.kind(), owner, lease, free))) {
                if (item.attempts() > maxAttempts) {
                    giveUp(handler, item);
                } else {
                    busy.incrementAndGet();
                    runningHere.add(item);
                    threads.get(handler.kind()).execute(() -> runItem(handler, item, busy));
                }
            }
        }
    }

    private void runItem(WorkHandler handler, WorkQueue.Claimed item, AtomicInteger busy) {
        try {
            handler.run(item.key(), new Lease(item));
            if (running) {
                QuarkusTransaction.requiringNew().run(() -> queue.done(item, owner));
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (running) {
                LOG.errorf(e, "%s %s failed on start %d; it is tried again after %s", item.kind(), item.key(),
                        item.attempts(), lease);
                QuarkusTransaction.requiringNew().run(() -> queue.retryLater(item, owner, lease, String.valueOf(e)));
            }
        } finally {
            // when the end above could not be written, the lease is no longer renewed and runs out
            runningHere.remove(item);
            busy.decrementAndGet();
        }
    }

    private void giveUp(WorkHandler handler, WorkQueue.Claimed item) {
        String reason = "It was started " + maxAttempts + " times without finishing (its service stopped, crashed"
                + " or failed each time); it is not tried again.";
        QuarkusTransaction.requiringNew().run(() -> {
            handler.giveUp(item.key(), maxAttempts, reason);
            queue.fail(item, owner, reason);
        });
        LOG.warnf("%s %s given up: %s", item.kind(), item.key(), reason);
    }

    /** The hold a running item has through this loop. */
    private final class Lease implements WorkLease {
        private final WorkQueue.Claimed item;

        Lease(WorkQueue.Claimed item) {
            this.item = item;
        }

        @Override
        public boolean active() {
            return running;
        }

        @Override
        public boolean held() {
            return queue.holds(item.kind(), item.key(), owner);
        }
    }
}
