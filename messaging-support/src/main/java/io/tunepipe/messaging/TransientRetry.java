package io.tunepipe.messaging;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tunepipe.messaging.TransientRetry;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@code @Incoming} method whose failures are retried with backoff before the message is dead-lettered,
 * except poison events, which fail at once ({@link TransientRetryInterceptor}). The method takes the record's
 * {@code IncomingKafkaRecordMetadata} after its payload, so that a dead letter carries its retry count.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface TransientRetry {
}
