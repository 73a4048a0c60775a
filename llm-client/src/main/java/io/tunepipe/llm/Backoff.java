package io.tunepipe.llm;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff, capped, never shorter than what the provider asked for (Retry-After). With {@code jitter}
 * above 0 a random share of up to that fraction is taken off each wait, so that parallel callers spread out.
 */
public record Backoff(Duration initial, Duration max, double jitter) {

    public Backoff(Duration initial, Duration max) {
        this(initial, max, 0);
    }

    /** The wait before attempt {@code attempts + 1}, after {@code attempts} errors in a row. */
    public Duration delay(int attempts, Duration retryAfter) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration exponential = initial.multipliedBy(1L << doublings);
        Duration capped = exponential.compareTo(max) > 0 ? max : exponential;
        if (jitter > 0) {
            long millis = capped.toMillis();
            capped = Duration.ofMillis(millis - ThreadLocalRandom.current().nextLong((long) (millis * jitter) + 1));
        }
        return retryAfter != null && retryAfter.compareTo(capped) > 0 ? retryAfter : capped;
    }
}
