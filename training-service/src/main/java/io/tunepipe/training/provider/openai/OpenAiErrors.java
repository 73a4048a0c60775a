package io.tunepipe.training.provider.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.training.provider.ProviderException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Turns an OpenAI error answer (the {"error": {message, type, param, code}} envelope) into a
 * {@link ProviderException}: 408, 409, 429 and 5xx are worth retrying, 429 and 503 honour Retry-After; API keys
 * quoted in the message are redacted.
 */
class OpenAiErrors implements ResponseExceptionMapper<ProviderException> {

    private static final Pattern API_KEY = Pattern.compile("\\bsk-[A-Za-z0-9_*.-]{4,}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Override
    public ProviderException toThrowable(Response response) {
        int status = response.getStatus();
        String body = "";
        try {
            body = response.readEntity(String.class);
        } catch (RuntimeException e) {
            // no readable body: the status says enough
        }
        OpenAiApi.ErrorObject error = null;
        try {
            OpenAiApi.ErrorEnvelope envelope = JSON.readValue(body, OpenAiApi.ErrorEnvelope.class);
            error = envelope == null ? null : envelope.error();
        } catch (Exception e) {
            // not the envelope (a proxy's page, say): keep the raw body as the message
        }
        String code = error != null && error.code() != null ? error.code()
                : error != null && error.type() != null ? error.type() : "http_" + status;
        String message = error != null && error.message() != null ? error.message()
                : body == null || body.isBlank() ? "HTTP " + status : body.strip();
        boolean retryable = status == 408 || status == 409 || status == 429 || status >= 500;
        return new ProviderException(code, "OpenAI answered " + status + ": " + redacted(message), status, retryable,
                retryAfter(response), null);
    }

    /**
     * The message with anything shaped like an API key (OpenAI's 401 quotes the start and end of the key it was
     * given) replaced, since the message is stored on the job, published on Kafka and shown in the console.
     */
    static String redacted(String message) {
        return API_KEY.matcher(message).replaceAll("[redacted]");
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    static Duration retryAfter(Response response) {
        String ms = response.getHeaderString("retry-after-ms");
        if (ms != null) {
            try {
                return Duration.ofMillis((long) Double.parseDouble(ms.trim()));
            } catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        String value = response.getHeaderString("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }
}
