package io.tunepipe.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tunepipe.contracts.EventCodec;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends outbox rows to their topics in insertion order, with CloudEvents headers, and deletes each row Kafka
 * acknowledged; rows held by reference get their payload built at that moment. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED} so several instances can relay. A crash between send and delete re-sends on
 * restart; consumers drop the repeat by event id. A row whose send fails is retried with backoff and, after
 * {@code tunepipe.outbox.max-attempts} failures, parked with its reason (the readiness check's outbox data lists it).
 * Per-key order: the rows of a topic and key behind a failed row wait until it is sent or parked, since a consumer
 * may apply a key's events as a sequence (a job's statuses). Rows already in flight behind a row when it first fails
 * can still overtake it; the failures that hit one row alone (too large, a payload that cannot be built) mean it
 * will be parked anyway, and the broker's failures (authorization, an unreachable partition) hit its followers too.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Channel whose records carry their own topic in metadata. */
    public static final String CHANNEL = "outbox";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);
    /** The backoff stops doubling here: 1 s doubled 9 times is about 8.5 minutes. */
    private static final int MAX_BACKOFF_DOUBLINGS = 9;

    /** CDI event fired when a row is written, so the relay runs right after the commit instead of at the next tick. */
    public enum Written { INSTANCE }

    @Inject
    OutboxRepository rows;

    @Inject
    @Channel(CHANNEL)
    Emitter<byte[]> emitter;

    /** Failed sends after which a row is parked: kept for the console, no longer sent, no longer holding its key. */
    @ConfigProperty(name = "tunepipe.outbox.max-attempts", defaultValue = "10")
    int maxAttempts;

    /** The wait before a failed row is tried again; it doubles with each failure. */
    @ConfigProperty(name = "tunepipe.outbox.retry-backoff", defaultValue = "1s")
    Duration retryBackoff;

    @Inject
    ManagedExecutor executor;

    @Inject
    Instance<PayloadByReference> payloadBuilders;

    private final Map<String, PayloadByReference> byReference = new HashMap<>();

    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();

    @PostConstruct
    void registerPayloadBuilders() {
        for (PayloadByReference builder : payloadBuilders) {
            if (byReference.put(builder.eventType(), builder) != null) {
                throw new IllegalStateException("two PayloadByReference beans build " + builder.eventType());
            }
        }
    }

    /** Whether rows of {@code eventType} hold a reference that a {@link PayloadByReference} turns into the event. */
    boolean buildsByReference(String eventType) {
        return byReference.containsKey(eventType);
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Written written) {
        pending.set(true);
        if (!running.get()) {
            executor.execute(this::relayAll);
        }
    }

    /** Catches rows committed by other instances or left by a crash; the commit hook handles the usual case. */
    @Scheduled(every = "${tunepipe.outbox.poll-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        relayAll();
    }

    /**
     * Relays until no row is due; returns how many events were sent. A commit that lands as the relay stops (too
     * late for its last look, too early to start another) is caught by the look after it stops.
     */
    public int relayAll() {
        int total = 0;
        while (running.compareAndSet(false, true)) {
            try {
                Relayed relayed;
                do {
                    pending.set(false);
                    relayed = QuarkusTransaction.requiringNew().call(this::relayBatch);
                    total += relayed.sent();
                } while (relayed.claimed() == BATCH && relayed.sent() > 0 || pending.get());
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay paused, will retry: %s", e.getMessage());
                return total;
            } finally {
                running.set(false);
            }
            if (!pending.get()) {
                break;
            }
        }
        return total;
    }

    /** How many rows one pass claimed, and how many of them it sent. */
    private record Relayed(int claimed, int sent) {
    }

    /** A row on its way to Kafka, completed by the broker's acknowledgement. */
    private record Sending(OutboxEvent row, CompletableFuture<Void> ack) {
    }

    /**
     * Sends each row as soon as its payload is built, so building overlaps Kafka's work, then deletes the rows Kafka
     * acknowledged and counts a failure against each other one ({@link #failed}): one failing row does not send the
     * rest again. A row whose payload cannot be built holds back the rows of its topic and key behind it.
     */
    private Relayed relayBatch() {
        List<OutboxEvent> claimed = rows.claimOldest(BATCH);
        List<Sending> sending = new ArrayList<>(claimed.size());
        Set<String> held = new HashSet<>();
        for (OutboxEvent row : claimed) {
            if (held.contains(orderKey(row))) {
                continue;
            }
            byte[] payload;
            try {
                payload = payload(row);
            } catch (RuntimeException e) {
                failed(row, e);
                held.add(orderKey(row));
                continue;
            }
            try {
                sending.add(new Sending(row, send(row, payload)));
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay paused, the producer refused a record, will retry: %s", e.getMessage());
                break; // the producer is failing as a whole (closed, buffer full): the rest waits for the next pass
            }
        }
        return new Relayed(claimed.size(), settle(sending));
    }

    /** Waits for Kafka's answers; deletes the acknowledged rows, counts the failures; returns how many were sent. */
    private int settle(List<Sending> sending) {
        long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
        List<Long> acked = new ArrayList<>(sending.size());
        for (Sending s : sending) {
            try {
                s.ack().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acked.add(s.row().id);
            } catch (ExecutionException e) {
                if (retriable(e.getCause())) {
                    LOG.warnf("outbox event %d not sent yet, will retry: %s", s.row().id, e.getCause().getMessage());
                } else {
                    failed(s.row(), e.getCause());
                }
            } catch (TimeoutException e) {
                LOG.warnf("outbox event %d not acknowledged within %s, will retry", s.row().id, ACK_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        rows.delete(acked);
        return acked.size();
    }

    /**
     * Counts a failed send: the row is tried again after a backoff that doubles with each failure, or parked once
     * it has failed {@code tunepipe.outbox.max-attempts} times. A broker that is down or slow ({@link
     * RetriableException}) says nothing about the row, so it is not counted; the row is simply tried again.
     */
    private void failed(OutboxEvent row, Throwable failure) {
        String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        long delayMillis = retryBackoff.toMillis() << Math.min(row.attempts, MAX_BACKOFF_DOUBLINGS);
        rows.failed(row.id, reason, Instant.now().plusMillis(delayMillis), maxAttempts);
        if (row.attempts + 1 >= maxAttempts) {
            LOG.errorf("outbox event %d (%s to %s, key %s) parked after %d failed sends: %s", row.id, row.eventType,
                    row.topic, row.recordKey, row.attempts + 1, reason);
        } else {
            LOG.warnf("outbox event %d failed (%d of %d), retried in %d ms: %s", row.id, row.attempts + 1,
                    maxAttempts, delayMillis, reason);
        }
    }

    private static boolean retriable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    /** Rows of one topic and key reach Kafka in the order they were written; a null key asks for no order. */
    private static String orderKey(OutboxEvent row) {
        return row.recordKey == null ? "#" + row.id : row.topic + "\n" + row.recordKey;
    }

    private CompletableFuture<Void> send(OutboxEvent row, byte[] payload) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        emitter.send(Message.of(payload, Metadata.of(metadata(row)))
                .withAck(() -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    ack.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return ack;
    }

    private byte[] payload(OutboxEvent row) {
        PayloadByReference builder = byReference.get(row.eventType);
        return builder == null ? row.payload.getBytes(StandardCharsets.UTF_8)
                : builder.payload(row.payload, row.metadata());
    }

    private static OutgoingKafkaRecordMetadata<String> metadata(OutboxEvent row) {
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, String> h : EventCodec.cloudEventHeaders(row.eventType, row.metadata()).entrySet()) {
            headers.add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.recordKey)
                .withHeaders(headers)
                .build();
    }
}
