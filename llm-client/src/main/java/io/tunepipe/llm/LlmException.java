package io.tunepipe.llm;

import java.time.Duration;

/** A call to an LLM provider that did not give an answer: its HTTP status (0 when none came), reason and wait. */
public class LlmException extends RuntimeException {

    private final int status;
    private final String reason;
    private final boolean retryable;
    private final Duration retryAfter;

    public LlmException(int status, String reason, boolean retryable, Duration retryAfter, String message,
            Throwable cause) {
        super(message, cause);
        this.status = status;
        this.reason = reason;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** An error answer, classified by {@link ProviderStatus}, its body with credentials redacted. */
    public static LlmException answered(int status, Duration retryAfter, String body) {
        return new LlmException(status, ProviderStatus.reason(status), ProviderStatus.retryable(status), retryAfter,
                "provider answered " + status + ": " + KeyRedaction.redact(body), null);
    }

    /** No answer in time, or no connection: both worth another try. */
    public static LlmException noAnswer(boolean timeout, Throwable cause) {
        return new LlmException(0, timeout ? "timeout" : "connection-failed", true, null,
                (timeout ? "no answer in time: " : "connection failed: ") + cause, cause);
    }

    /** The HTTP status, 0 when no answer came. */
    public int status() {
        return status;
    }

    /** Short and stable, such as {@code rate-limited}, {@code provider-refused-401} or a provider's error code. */
    public String reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long the provider asked us to wait (Retry-After), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
