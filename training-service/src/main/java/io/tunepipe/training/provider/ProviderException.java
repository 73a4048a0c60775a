package io.tunepipe.training.provider;

import io.tunepipe.llm.LlmException;

import java.time.Duration;

/**
 * A provider call that did not succeed: llm-client's {@link LlmException} whose reason is the provider's error code.
 *
 * @see #retryable() true for rate limits, server errors, timeouts and unreachable hosts
 */
public class ProviderException extends LlmException {

    public ProviderException(String code, String message, int httpStatus, boolean retryable, Duration retryAfter,
            Throwable cause) {
        super(httpStatus, code, retryable, retryAfter, message, cause);
    }

    /** The provider's error code, or ours (such as {@code timeout}) when it gave none. */
    public String code() {
        return reason();
    }
}
