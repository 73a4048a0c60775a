package io.tunepipe.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tunepipe.contracts.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends outbox rows to their topics in insertion order, with CloudEvents headers, and deletes them once Kafka
 * acknowledged them. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} so several instances can relay.
 * A crash between send and delete re-sends on restart; consumers drop the repeat by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Channel whose records carry their own topic in metadata. */
    public static final String CHANNEL = "outbox";

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;

    /** CDI event fired when a row is written, so the relay runs right after the commit instead of at the next tick. */
    public enum Written { INSTANCE }

    @Inject
    EntityManager em;

    @Inject
    @Channel(CHANNEL)
    Emitter<String> emitter;

    @Inject
    ManagedExecutor executor;

    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Written written) {
        pending.set(true);
        if (!running.get()) {
            executor.execute(this::relayAll);
        }
    }

    /** Catches rows committed by other instances or left by a crash; the commit hook handles the usual case. */
    @Scheduled(every = "${tunepipe.outbox.poll-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        relayAll();
    }

    /** Relays until the outbox is empty; returns how many events were sent. */
    public int relayAll() {
        if (!running.compareAndSet(false, true)) {
            return 0;
        }
        int total = 0;
        try {
            int sent;
            do {
                pending.set(false);
                sent = QuarkusTransaction.requiringNew().call(this::relayBatch);
                total += sent;
            } while (sent == BATCH || pending.get());
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay paused, will retry: %s", e.getMessage());
        } finally {
            running.set(false);
        }
        return total;
    }

    @SuppressWarnings("unchecked")
    private int relayBatch() throws Exception {
        List<OutboxEvent> rows = em.createNativeQuery(
                        "SELECT * FROM outbox_events ORDER BY id LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED",
                        OutboxEvent.class)
                .getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (OutboxEvent row : rows) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            emitter.send(Message.of(row.payload, Metadata.of(metadata(row)))
                    .withAck(() -> {
                        ack.complete(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(failure -> {
                        ack.completeExceptionally(failure);
                        return CompletableFuture.completedFuture(null);
                    }));
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        em.createNativeQuery("DELETE FROM outbox_events WHERE id IN (:ids)")
                .setParameter("ids", rows.stream().map(r -> r.id).toList())
                .executeUpdate();
        return rows.size();
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
