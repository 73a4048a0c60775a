package io.tunepipe.training.provider;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.llm.KeyRedaction;
import io.tunepipe.llm.ProviderStatus;
import io.tunepipe.llm.RetryAfter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;


/**
 * Turns a provider's error answer into a {@link ProviderException}, retryable and with a wait as llm-client's
 * {@link ProviderStatus} and {@link RetryAfter} read them. Reads OpenAI's {"error": {message, type, param, code}}
 * envelope (OpenAI, Azure OpenAI and Azure's management API, Together AI) and Google's {"code", "message"} status
 * (Fireworks AI); credentials quoted in the message are redacted by llm-client's {@link KeyRedaction}.
 */
public class ProviderErrors implements ResponseExceptionMapper<ProviderException> {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Google's canonical status codes by number, as Fireworks' gateway sends them in "code". */
    private static final String[] GRPC_CODES = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
        "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
        "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

    private final String provider;

    /** @param provider how messages name the provider, such as "OpenAI" */
    public ProviderErrors(String provider) {
        this.provider = provider;
    }

    @Override
    public ProviderException toThrowable(Response response) {
        int status = response.getStatus();
        String body = "";
        try {
            body = response.readEntity(String.class);
        } catch (RuntimeException e) {
            // no readable body: the status says enough
        }
        JsonNode error = envelope(body);
        String code = error != null && error.path("code").canConvertToInt()
                && error.get("code").asInt() >= 0 && error.get("code").asInt() < GRPC_CODES.length
                ? GRPC_CODES[error.get("code").asInt()] : text(error, "code");
        code = code != null ? code : text(error, "type");
        code = code != null ? code : "http_" + status;
        String message = text(error, "message");
        message = message != null ? message : body == null || body.isBlank() ? "HTTP " + status : body.strip();
        return new ProviderException(code, provider + " answered " + status + ": " + KeyRedaction.redact(message),
                status, ProviderStatus.retryable(status), RetryAfter.of(response::getHeaderString).orElse(null),
                null);
    }

    /** The object holding code and message: the "error" member of OpenAI's envelope, else the body itself. */
    private static JsonNode envelope(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                return null;
            }
            return root.path("error").isObject() ? root.get("error") : root;
        } catch (Exception e) {
            return null; // not JSON (a proxy's page, say): the raw body is the message
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isContainerNode() || value.asText().isBlank() ? null
                : value.asText();
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }
}
