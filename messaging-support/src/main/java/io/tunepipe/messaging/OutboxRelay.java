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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends outbox rows to their topics in insertion order, with CloudEvents headers, and deletes them once Kafka
 * acknowledged them; rows held by reference get their payload built at that moment. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED} so several instances can relay. A crash between send and delete re-sends on
 * restart; consumers drop the repeat by event id.
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
    OutboxRepository rows;

    @Inject
    @Channel(CHANNEL)
    Emitter<String> emitter;

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

    /** Relays until the outbox is empty; returns how many events were sent. */
    public int relayAll() {
        if (!running.compareAndSet(false, true)) {
            return 0;
        }
        int total = 0;
        try {
            Relayed relayed;
            do {
                pending.set(false);
                relayed = QuarkusTransaction.requiringNew().call(this::relayBatch);
                total += relayed.sent();
                if (relayed.unbuildable() != null) {
                    LOG.warnf("outbox relay paused at an event whose payload cannot be built, will retry: %s",
                            relayed.unbuildable().getMessage());
                    break;
                }
            } while (relayed.sent() == BATCH || pending.get());
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay paused, will retry: %s", e.getMessage());
        } finally {
            running.set(false);
        }
        return total;
    }

    /** What one pass sent, and why it stopped early if a payload could not be built. */
    private record Relayed(int sent, RuntimeException unbuildable) {
    }

    /**
     * Sends each row as soon as its payload is built, so building overlaps Kafka's work; stops before a row whose
     * payload cannot be built, so that the rows before it are sent and deleted once and the rest keep their order.
     */
    private Relayed relayBatch() throws Exception {
        List<OutboxEvent> claimed = rows.claimOldest(BATCH);
        List<CompletableFuture<Void>> acks = new ArrayList<>(claimed.size());
        List<Long> sent = new ArrayList<>(claimed.size());
        RuntimeException unbuildable = null;
        for (OutboxEvent row : claimed) {
            String payload;
            try {
                payload = payload(row);
            } catch (RuntimeException e) {
                unbuildable = e;
                break;
            }
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            emitter.send(Message.of(payload, Metadata.of(metadata(row)))
                    .withAck(() -> {
                        ack.complete(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(failure -> {
                        ack.completeExceptionally(failure);
                        return CompletableFuture.completedFuture(null);
                    }));
            sent.add(row.id);
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        rows.delete(sent);
        return new Relayed(sent.size(), unbuildable);
    }

    private String payload(OutboxEvent row) {
        PayloadByReference builder = byReference.get(row.eventType);
        return builder == null ? row.payload : builder.payload(row.payload, row.metadata());
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
