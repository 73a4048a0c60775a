package io.tunepipe.augment.paraphrase.llm;

import java.time.Duration;

/**
 * How the LLM paraphraser talks to its provider. The key is never printed: {@link #toString()} leaves it out.
 *
 * @param questionsPerRequest questions sent together in one chat request
 * @param candidatesPerQuestion rewordings asked for each question
 * @param concurrency requests in flight at once
 * @param maxAttempts tries of one request on 429, 5xx and timeouts before its questions are reported failed
 * @param malformedRetries extra requests for questions the answer left out or garbled
 */
public record LlmSettings(String baseUrl, String model, String apiKey, double temperature, int questionsPerRequest,
        int candidatesPerQuestion, int concurrency, Duration timeout, int maxAttempts, Duration initialBackoff,
        Duration maxBackoff, int malformedRetries, int breakerThreshold, Duration breakerOpenFor) {

    @Override
    public String toString() {
        return "LlmSettings[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", temperature=" + temperature + ", questionsPerRequest=" + questionsPerRequest + ", concurrency="
                + concurrency + ", timeout=" + timeout + ", maxAttempts=" + maxAttempts + "]";
    }
}
