package io.tunepipe.security;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends every operation of a running service's OpenAPI document malformed and hostile requests (broken JSON, wrong
 * types, huge strings, unknown enums, NaN and huge exponents, binary bodies, hostile path and query values) with an
 * admin's token, and collects every answer that is a 5xx or a 4xx without a message (except the HTTP layer's own
 * 413, 414 and 431 for a body, request line or headers over its limits, which say why in their status alone).
 */
public final class EndpointFuzzer {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final String HUGE = "x".repeat(200_000);
    /** Already URL-encoded, as they go into paths and query strings. */
    private static final List<String> PARAMETER_VALUES = List.of("x", "0", "-1", "NaN", "1e999999999",
            "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "%00", "%F0%9F%92%A9", "%27%20OR%201%3D1%20--", "NOT_AN_ENUM",
            "y".repeat(2_000));
    private static final List<String> JSON_VALUES = List.of("\"" + HUGE + "\"", "-1", "0", "1e400", "\"NaN\"",
            "\"1e900000000\"", "[1, 2]", "{\"x\": {}}", "\"NOT_AN_ENUM\"", "true", "null", "\"\"", "\"\\u0000\"");
    private static final List<String> MALFORMED_JSON = List.of("{", "[}", "null", "[]", "\"x\"", "123",
            "{\"a\": NaN}", "{\"n\": 1e999999999}", "{\"x\": \"\\ud800\"}", "{" + "\"a\":{".repeat(5_000));

    /** What the fuzzing found. */
    public record Outcome(int operations, int requests, List<String> failures) {
    }

    private final JsonPath openApi;
    private final Random random = new Random(15);
    private final List<String> failures = new ArrayList<>();
    private int requests;

    private EndpointFuzzer(JsonPath openApi) {
        this.openApi = openApi;
    }

    /** Fuzzes the service REST Assured points at (a {@code @QuarkusTest}'s own). */
    public static Outcome fuzzService() {
        JsonPath doc = TestTokens.as(Roles.ADMIN).get("/q/openapi?format=json").then().statusCode(200).extract()
                .jsonPath();
        EndpointFuzzer fuzzer = new EndpointFuzzer(doc);
        int operations = 0;
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        for (var path : paths.entrySet()) {
            for (String method : METHODS) {
                if (path.getValue().containsKey(method)) {
                    operations++;
                    fuzzer.operation(method, path.getKey(), path.getValue().get(method));
                }
            }
        }
        return new Outcome(operations, fuzzer.requests, List.copyOf(fuzzer.failures));
    }

    @SuppressWarnings("unchecked")
    private void operation(String method, String template, Object operation) {
        Map<String, Object> op = (Map<String, Object>) operation;
        List<Map<String, Object>> parameters = (List<Map<String, Object>>) op.getOrDefault("parameters", List.of());
        for (String value : PARAMETER_VALUES) {
            send(method, fill(template, value), parameters, value, null, null);
        }
        for (Map<String, Object> query : parameters) {
            if ("query".equals(query.get("in"))) {
                for (String value : PARAMETER_VALUES) {
                    send(method, fill(template, "x") + "?" + query.get("name") + "=" + value, List.of(), "x", null,
                            null);
                }
            }
        }
        Map<String, Object> body = (Map<String, Object>) op.get("requestBody");
        if (body != null || !"get".equals(method)) {
            Map<String, Object> content = body == null ? Map.of("application/json", Map.of())
                    : (Map<String, Object>) body.getOrDefault("content", Map.of("application/json", Map.of()));
            for (var type : content.entrySet()) {
                bodies(method, fill(template, "x"), type.getKey(), (Map<String, Object>) type.getValue());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void bodies(String method, String path, String contentType, Map<String, Object> media) {
        byte[] binary = new byte[4096];
        random.nextBytes(binary);
        send(method, path, List.of(), "x", contentType, binary);
        send(method, path, List.of(), "x", "application/octet-stream", binary);
        send(method, path, List.of(), "x", contentType, new byte[0]);
        send(method, path, List.of(), "x", contentType, HUGE.getBytes(StandardCharsets.UTF_8));
        if (!contentType.contains("json")) {
            return;
        }
        for (String malformed : MALFORMED_JSON) {
            send(method, path, List.of(), "x", contentType, malformed.getBytes(StandardCharsets.UTF_8));
        }
        for (String property : properties((Map<String, Object>) media.get("schema"))) {
            for (String value : JSON_VALUES) {
                String json = "{\"" + property + "\": " + value + "}";
                send(method, path, List.of(), "x", contentType, json.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The property names of a request schema, following one {@code $ref} into the components. */
    @SuppressWarnings("unchecked")
    private List<String> properties(Map<String, Object> schema) {
        if (schema == null) {
            return List.of("x");
        }
        Object ref = schema.get("$ref");
        if (ref instanceof String r) {
            Map<String, Object> target = openApi.getMap("components.schemas." + r.substring(r.lastIndexOf('/') + 1));
            schema = target == null ? Map.of() : target;
        }
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        return properties == null ? List.of("x") : new ArrayList<>(properties.keySet());
    }

    private static String fill(String template, String value) {
        return template.replaceAll("\\{[^}]+}", value);
    }

    private void send(String method, String path, List<Map<String, Object>> parameters, String value,
            String contentType, byte[] body) {
        RequestSpecification request = TestTokens.as(Roles.ADMIN).urlEncodingEnabled(false);
        for (Map<String, Object> p : parameters) {
            if ("query".equals(p.get("in"))) {
                request.queryParam((String) p.get("name"), value);
            }
        }
        if (contentType != null) {
            request.contentType(contentType).body(body);
        }
        requests++;
        Response response = request.request(method.toUpperCase(Locale.ROOT), path);
        int status = response.statusCode();
        String answer = response.asString();
        boolean refusedByHttp = status == 413 || status == 414 || status == 431;
        if (status >= 500 || (status >= 400 && !refusedByHttp && (answer == null || answer.isBlank()))) {
            failures.add(method.toUpperCase(Locale.ROOT) + " " + abbreviated(path) + " ["
                    + contentType + ", " + (body == null ? 0 : body.length) + " bytes] -> " + status + " "
                    + abbreviated(answer));
        }
    }

    private static String abbreviated(String text) {
        return text == null || text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }

    /**
     * Fuzzes the service and fails unless every answer was fine, at least {@code minOperations} operations were
     * found, and the service still answers its health check as UP; logs the counts.
     */
    public static void requireRobust(String service, int minOperations) {
        Outcome outcome = fuzzService();
        Logger.getLogger(EndpointFuzzer.class).infof("%s fuzzed: %d requests over %d operations, %d failures",
                service, outcome.requests(), outcome.operations(), outcome.failures().size());
        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.operations()).isGreaterThanOrEqualTo(minOperations);
        assertThat(RestAssured.get("/q/health").statusCode()).isEqualTo(200);
    }
}
