package io.tunepipe.training.queue;

import java.time.Duration;

/** Exponential backoff after provider errors, never shorter than what the provider asked for (Retry-After). */
public record Backoff(Duration initial, Duration max) {

    /** The wait before attempt {@code attempts + 1}, after {@code attempts} errors in a row. */
    public Duration delay(int attempts, Duration retryAfter) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration exponential = initial.multipliedBy(1L << doublings);
        Duration capped = exponential.compareTo(max) > 0 ? max : exponential;
        return retryAfter != null && retryAfter.compareTo(capped) > 0 ? retryAfter : capped;
    }
}
