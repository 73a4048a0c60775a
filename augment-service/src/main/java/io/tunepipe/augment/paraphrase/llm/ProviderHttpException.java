package io.tunepipe.augment.paraphrase.llm;

import dev.langchain4j.exception.HttpException;

import java.time.Duration;
import java.util.Optional;

/** An error answer from the provider that keeps what langchain4j's own exception drops: its Retry-After. */
public final class ProviderHttpException extends HttpException {

    private final Duration retryAfter;

    public ProviderHttpException(int statusCode, String body, Duration retryAfter) {
        super(statusCode, body);
        this.retryAfter = retryAfter;
    }

    /** How long the provider asked us to wait, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
