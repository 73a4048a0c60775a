package io.tunepipe.training.provider.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.llm.KeyRedaction;
import io.tunepipe.llm.ProviderStatus;
import io.tunepipe.llm.RetryAfter;
import io.tunepipe.training.provider.ProviderException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns an OpenAI error answer (the {"error": {message, type, param, code}} envelope) into a
 * {@link ProviderException}, retryable and with a wait as llm-client's {@link ProviderStatus} and {@link RetryAfter}
 * read them; credentials quoted in the message are redacted by {@link KeyRedaction}.
 */
class OpenAiErrors implements ResponseExceptionMapper<ProviderException> {

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
        return new ProviderException(code, "OpenAI answered " + status + ": " + KeyRedaction.redact(message), status,
                ProviderStatus.retryable(status), RetryAfter.of(response::getHeaderString).orElse(null), null);
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }
}
