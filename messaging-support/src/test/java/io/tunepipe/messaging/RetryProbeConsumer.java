package io.tunepipe.messaging;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tunepipe.contracts.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A consumer as the services write them, for TransientRetryTest: decodes the event and records it in the
 * consumed-event log, waiting at most 300 ms for a lock, so that a test holding the log's table lock makes it fail.
 */
@ApplicationScoped
public class RetryProbeConsumer {

    static final String CHANNEL = "retry-probes";
    static final String POISON_CHANNEL = "poison-probes";

    /** Attempts per record key, successful or not. */
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @Inject
    ConsumedEventRepository consumed;
    @Inject
    EntityManager em;

    @Incoming(CHANNEL)
    @Blocking
    @TransientRetry
    @Transactional
    public void onProbe(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        handle(payload, record);
    }

    @Incoming(POISON_CHANNEL)
    @Blocking
    @TransientRetry
    @Transactional
    public void onPoisonProbe(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        handle(payload, record);
    }

    private void handle(String payload, IncomingKafkaRecordMetadata<String, String> record) {
        attempts.computeIfAbsent(record.getKey(), k -> new AtomicInteger()).incrementAndGet();
        var event = EventCodec.decode(payload);
        em.createNativeQuery("SELECT set_config('lock_timeout', '300ms', true)").getSingleResult();
        consumed.firstDelivery(CHANNEL, event);
    }

    int attempts(String key) {
        AtomicInteger n = attempts.get(key);
        return n == null ? 0 : n.get();
    }
}
