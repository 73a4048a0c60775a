package io.tunepipe.augment.paraphrase.llm;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Stops calling a provider that keeps failing: after {@code threshold} failures in a row it opens for
 * {@code openFor}, then lets one trial call through (half-open); a success closes it, a failure opens it again.
 */
public final class CircuitBreaker {

    /** Closed: calls go through; open: they are refused; half-open: one trial call is out. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final long openForNanos;
    private final LongSupplier clock;
    private int failures;
    private long openedAt;
    private State state = State.CLOSED;

    public CircuitBreaker(int threshold, Duration openFor) {
        this(threshold, openFor, System::nanoTime);
    }

    CircuitBreaker(int threshold, Duration openFor, LongSupplier clock) {
        this.threshold = threshold;
        this.openForNanos = openFor.toNanos();
        this.clock = clock;
    }

    /** Whether a call may go out now. */
    public synchronized boolean allow() {
        if (state == State.OPEN && clock.getAsLong() - openedAt >= openForNanos) {
            state = State.HALF_OPEN;
            return true;
        }
        return state == State.CLOSED;
    }

    public synchronized void success() {
        failures = 0;
        state = State.CLOSED;
    }

    public synchronized void failure() {
        failures++;
        if (state == State.HALF_OPEN || failures >= threshold) {
            state = State.OPEN;
            openedAt = clock.getAsLong();
        }
    }

    public synchronized State state() {
        return state;
    }
}
