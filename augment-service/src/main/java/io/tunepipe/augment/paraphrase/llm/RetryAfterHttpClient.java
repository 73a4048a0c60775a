package io.tunepipe.augment.paraphrase.llm;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The HTTP client langchain4j-open-ai talks through: the JDK client, HTTP/1.1, whose error answers become
 * {@link ProviderHttpException}s carrying the provider's Retry-After (seconds or an HTTP date). Streaming is not
 * used by the paraphraser and is refused.
 */
public final class RetryAfterHttpClient implements HttpClient {

    private final java.net.http.HttpClient client;
    private final Duration readTimeout;

    private RetryAfterHttpClient(Duration connectTimeout, Duration readTimeout) {
        java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1);
        if (connectTimeout != null) {
            builder.connectTimeout(connectTimeout);
        }
        this.client = builder.build();
        this.readTimeout = readTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        java.net.http.HttpRequest.Builder jdk = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
                .method(request.method().name(), request.body() == null
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach((name, values) -> values.forEach(v -> jdk.header(name, v)));
        if (readTimeout != null) {
            jdk.timeout(readTimeout);
        }
        HttpResponse<String> response;
        try {
            response = client.send(jdk.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) { // HttpTimeoutException included: the paraphraser treats it as retryable
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the provider", e);
        }
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            throw new ProviderHttpException(response.statusCode(), response.body(),
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)));
        }
        Map<String, List<String>> headers = response.headers().map();
        return SuccessfulHttpResponse.builder().statusCode(response.statusCode()).headers(headers)
                .body(response.body()).build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        throw new UnsupportedOperationException("the paraphraser does not stream");
    }

    /** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.strip()) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /** Builds the client with the timeouts langchain4j hands it. */
    public static final class Builder implements HttpClientBuilder {

        private Duration connectTimeout;
        private Duration readTimeout;

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        @Override
        public HttpClient build() {
            return new RetryAfterHttpClient(connectTimeout, readTimeout);
        }
    }
}
