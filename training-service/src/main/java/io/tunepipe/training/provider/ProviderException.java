package io.tunepipe.training.provider;

import java.time.Duration;

/**
 * A provider call that did not succeed, with the provider's error code and message.
 *
 * @see #retryable() true for rate limits, server errors, timeouts and unreachable hosts
 */
public class ProviderException extends RuntimeException {

    private final String code;
    private final int httpStatus;
    private final boolean retryable;
    private final Duration retryAfter;

    public ProviderException(String code, String message, int httpStatus, boolean retryable, Duration retryAfter,
            Throwable cause) {
        super(message, cause);
        this.code = code;
        this.httpStatus = httpStatus;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** The provider's error code, or ours (such as {@code timeout}) when it gave none. */
    public String code() {
        return code;
    }

    /** The HTTP status, 0 when no answer came. */
    public int httpStatus() {
        return httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long the provider asked us to wait (Retry-After), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
