package io.tunepipe.messaging;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tunepipe.contracts.PoisonEventException;
import io.tunepipe.contracts.Topics;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Retries a failed consumer call in place, with exponential backoff (SmallRye Fault Tolerance), so the partition
 * keeps its order and waits at most {@code tunepipe.consumer.retry.max-duration}; a poison event is not retried.
 * When the last attempt fails, the record gets a {@value Topics#DEAD_LETTER_RETRIES} header, which the
 * dead-letter-queue failure strategy copies onto the dead letter. It runs outside the method's transaction (before
 * {@code @Transactional}, priority {@code PLATFORM_BEFORE + 200}), so that each attempt has a transaction of its own.
 */
@TransientRetry
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class TransientRetryInterceptor {

    private static final Logger LOG = Logger.getLogger(TransientRetryInterceptor.class);

    private final Guard guard;

    @Inject
    public TransientRetryInterceptor(ConsumerRetryConfig config) {
        long delay = config.initialDelay().toMillis();
        guard = Guard.create().withDescription("consumer-retry")
                .withRetry().maxRetries(config.maxRetries())
                .delay(delay, ChronoUnit.MILLIS).jitter(delay / 2, ChronoUnit.MILLIS)
                .maxDuration(config.maxDuration().toMillis(), ChronoUnit.MILLIS)
                .whenException(e -> !poison(e))
                .beforeRetry(e -> LOG.warnf("consumer failed, retrying: %s", e.toString()))
                .withExponentialBackoff().factor(2).maxDelay(config.maxDelay().toMillis(), ChronoUnit.MILLIS).done()
                .done().build();
    }

    @AroundInvoke
    Object retry(InvocationContext call) throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try {
            return guard.call(() -> {
                attempts.incrementAndGet();
                return call.proceed();
            }, Object.class);
        } catch (Exception e) {
            Arrays.stream(call.getParameters()).filter(IncomingKafkaRecordMetadata.class::isInstance)
                    .map(IncomingKafkaRecordMetadata.class::cast).findFirst()
                    .ifPresent(record -> record.getHeaders().add(Topics.DEAD_LETTER_RETRIES,
                            String.valueOf(attempts.get() - 1).getBytes(StandardCharsets.UTF_8)));
            throw e;
        }
    }

    /** Poison anywhere in the chain: a handler may wrap it (a failed flush inside a transaction, say). */
    private static boolean poison(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PoisonEventException) {
                return true;
            }
        }
        return false;
    }
}
