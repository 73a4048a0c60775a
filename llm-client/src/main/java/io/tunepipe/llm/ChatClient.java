package io.tunepipe.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Asks a model behind any OpenAI-compatible chat completions endpoint (OpenAI, Azure, vLLM, tunepipe's local
 * provider) one question; an answer that is not a success becomes an {@link LlmException} carrying the status and
 * Retry-After. It makes one attempt: retries are {@link LlmGuard}'s.
 */
public final class ChatClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where and how to ask. The key is never printed: {@link #toString()} leaves it out.
     *
     * @param jsonAnswers asks for a JSON object as the answer ({@code response_format: json_object})
     * @param timeout     for the connection and for the whole answer
     */
    public record Settings(String baseUrl, String apiKey, String model, double temperature, boolean jsonAnswers,
            Duration timeout) {

        @Override
        public String toString() {
            return "ChatClient.Settings[baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                    + (apiKey == null || apiKey.isBlank() ? "none" : "***") + ", timeout=" + timeout + "]";
        }
    }

    /** The model's answer (null when the completion had no text), with token counts where the endpoint gives them. */
    public record Reply(String text, Integer inputTokens, Integer outputTokens) {
    }

    private final Settings settings;
    private final URI uri;
    private final HttpClient http;

    public ChatClient(Settings settings) {
        this.settings = settings;
        String base = settings.baseUrl().endsWith("/") ? settings.baseUrl() : settings.baseUrl() + "/";
        this.uri = URI.create(base).resolve("chat/completions");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout()).build();
    }

    /** One chat completion of {@code user}, after {@code system} when that is neither null nor blank. */
    public Reply chat(String system, String user) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(system, user)));
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw LlmException.noAnswer(e instanceof HttpTimeoutException, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the provider", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw LlmException.answered(response.statusCode(),
                    RetryAfter.of(name -> response.headers().firstValue(name).orElse(null)).orElse(null),
                    response.body());
        }
        return reply(response.body());
    }

    private String body(String system, String user) {
        ObjectNode body = JSON.createObjectNode().put("model", settings.model())
                .put("temperature", settings.temperature());
        ArrayNode messages = body.putArray("messages");
        if (system != null && !system.isBlank()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        messages.addObject().put("role", "user").put("content", user);
        if (settings.jsonAnswers()) {
            body.putObject("response_format").put("type", "json_object");
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reply reply(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new LlmException(200, "malformed-answer", false, null, "not a chat completion: "
                    + (body.length() > 200 ? body.substring(0, 200) + "..." : body), e);
        }
        JsonNode content = root.path("choices").path(0).path("message").path("content");
        JsonNode usage = root.path("usage");
        return new Reply(content.isTextual() ? content.asText() : null, count(usage.path("prompt_tokens")),
                count(usage.path("completion_tokens")));
    }

    private static Integer count(JsonNode n) {
        return n.canConvertToInt() ? n.asInt() : null;
    }
}
