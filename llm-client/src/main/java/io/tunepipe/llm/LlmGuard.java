package io.tunepipe.llm;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.Guard;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs calls to an LLM provider under one policy, built with SmallRye Fault Tolerance's programmatic API: a call
 * that failed with a retryable {@link LlmException} is tried again after a jittered exponential {@link Backoff} that
 * waits at least the provider's Retry-After, and, when {@code breakerThreshold} is above 0, a circuit breaker opens
 * after that many failed attempts in a row and refuses calls (CircuitBreakerOpenException) for
 * {@code breakerOpenFor}, then lets one trial call through.
 */
public final class LlmGuard {

    /** Share of each computed wait that is randomly taken off, so that parallel callers do not retry together. */
    private static final double JITTER = 0.5;

    /**
     * How hard to try.
     *
     * @param maxAttempts      tries of one call, the first included
     * @param breakerThreshold failed attempts in a row that open the breaker; 0 for no breaker
     */
    public record Settings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, int breakerThreshold,
            Duration breakerOpenFor) {

        public static Settings withoutBreaker(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
            return new Settings(maxAttempts, initialBackoff, maxBackoff, 0, Duration.ZERO);
        }
    }

    private final Guard guard;
    private final AtomicReference<CircuitBreakerState> breakerState =
            new AtomicReference<>(CircuitBreakerState.CLOSED);

    public LlmGuard(Settings settings) {
        this(settings, wait -> { });
    }

    /** {@code waits} is told each wait before it starts (tests record them; the wait itself still happens). */
    public LlmGuard(Settings settings, Consumer<Duration> waits) {
        Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), JITTER);
        Guard.Builder builder = Guard.create().withDescription("llm-client")
                .withRetry().maxRetries(Math.max(0, settings.maxAttempts() - 1))
                .maxDuration(0, ChronoUnit.MILLIS) // bounded by attempts, not by time: Retry-After may be long
                .whenException(LlmGuard::retryable)
                .withCustomBackoff().strategy(() -> new RetryAfterBackoff(backoff, waits)).done()
                .done();
        if (settings.breakerThreshold() > 0) {
            builder.withCircuitBreaker().requestVolumeThreshold(settings.breakerThreshold()).failureRatio(1.0)
                    .delay(settings.breakerOpenFor().toMillis(), ChronoUnit.MILLIS)
                    .when(LlmGuard::retryable).onStateChange(breakerState::set).done();
        }
        this.guard = builder.build();
    }

    /** The call's result, or its last attempt's exception; CircuitBreakerOpenException while the breaker is open. */
    @SuppressWarnings("unchecked")
    public <T> T call(Supplier<T> call) {
        return (T) guard.get(call::get, Object.class);
    }

    public CircuitBreakerState breakerState() {
        return breakerState.get();
    }

    private static boolean retryable(Throwable e) {
        return e instanceof LlmException failure && failure.retryable();
    }

    /** One per guarded call: counts its failed attempts and waits the backoff or the provider's Retry-After. */
    private static final class RetryAfterBackoff implements CustomBackoffStrategy {

        private final Backoff backoff;
        private final Consumer<Duration> waits;
        private final AtomicInteger failures = new AtomicInteger();

        RetryAfterBackoff(Backoff backoff, Consumer<Duration> waits) {
            this.backoff = backoff;
            this.waits = waits;
        }

        @Override
        public long nextDelayInMillis(Throwable exception) {
            Duration retryAfter = exception instanceof LlmException failure ? failure.retryAfter() : null;
            Duration wait = backoff.delay(failures.incrementAndGet(), retryAfter);
            waits.accept(wait);
            return wait.toMillis();
        }
    }
}
