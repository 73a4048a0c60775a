package io.tunepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A small JSON-over-HTTP client for the services' REST APIs, sending a bearer token; errors carry the service's own
 * message.
 */
public final class Api {

    /** A call that did not succeed: the HTTP status (0 when nothing answered) and the message. */
    public static final class ApiException extends RuntimeException {
        private final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String token;

    /** A client sending {@code token} (none when null: only health checks answer then). */
    public Api(String token) {
        this.token = token;
    }

    public JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().timeout(Duration.ofSeconds(30)));
    }

    public JsonNode postJson(String url, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new ApiException(0, e.getMessage());
        }
    }

    /** Streams a file as the raw body of a POST, with the given query parameters. */
    public JsonNode upload(String url, Path file, Map<String, String> query) {
        String q = query.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            return send(HttpRequest.newBuilder(URI.create(q.isEmpty() ? url : url + "?" + q))
                    .timeout(Duration.ofMinutes(30)).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofFile(file)));
        } catch (IOException e) {
            throw new ApiException(0, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** True when the service answers its readiness check with UP. */
    public boolean ready(String baseUrl) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode send(HttpRequest.Builder builder) {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body() == null || r.body().isBlank() ? JSON.nullNode() : parse(r.body());
            if (r.statusCode() >= 400) {
                String message = switch (r.statusCode()) {
                    case 401 -> "no valid token: set TUNEPIPE_TOKEN, or run tunepipe up once to create the local key";
                    case 403 -> "the token's role may not do this (viewer reads; operator uploads, cancels, retries)";
                    default -> body.path("detail").asText(r.body());
                };
                throw new ApiException(r.statusCode(), request.method() + " " + request.uri().getPath() + ": "
                        + r.statusCode() + " " + message);
            }
            return body;
        } catch (IOException e) {
            throw new ApiException(0, request.uri().getHost() + ":" + request.uri().getPort()
                    + " does not answer (" + e.getClass().getSimpleName() + "). Is tunepipe up?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }
}
