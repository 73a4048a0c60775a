package io.tunepipe.messaging;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/** The one retry policy of every consumer (set in this module's META-INF/microprofile-config.properties). */
@ConfigMapping(prefix = "tunepipe.consumer.retry")
public interface ConsumerRetryConfig {

    /** Retries after the first attempt; then the message goes to the dead-letter topic. */
    int maxRetries();

    /** Wait before the first retry; each further wait doubles, up to {@link #maxDelay()}. */
    Duration initialDelay();

    Duration maxDelay();

    /** No retry starts later than this after the first attempt, so that a partition is never held for minutes. */
    Duration maxDuration();
}
