package io.tunepipe.training.provider;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.client.ClientRequestFilter;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How training talks to a provider's REST API: a Quarkus REST client whose error answers {@link ProviderErrors}
 * maps, and each call with transport failures (timeouts, refused connections) made retryable.
 */
public final class ProviderCall {

    private ProviderCall() {
    }

    /**
     * A client of {@code api} at {@code baseUrl}; {@code credentials} adds the key or token to every request.
     *
     * @param provider how error messages name the provider, such as "OpenAI"
     */
    public static <T> T client(Class<T> api, String baseUrl, Duration connectTimeout, Duration readTimeout,
            ClientRequestFilter credentials, String provider) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl))
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .register(credentials)
                .register(new ProviderErrors(provider))
                .build(api);
    }

    /** Sends the key, when there is one, as "Authorization: Bearer KEY". */
    public static ClientRequestFilter bearer(Optional<String> key) {
        return request -> key.ifPresent(k -> request.getHeaders().putSingle("Authorization", "Bearer " + k));
    }

    /**
     * Runs {@code call}; a {@link ProviderException} (from {@link ProviderErrors}) passes as it is, a failure to get
     * any answer becomes a retryable one coded {@code timeout} or {@code unreachable}.
     *
     * @param provider how the message names the provider, such as "OpenAI"
     * @param what     what was asked, for the message
     */
    public static <T> T run(String provider, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (ProviderException e) {
            throw e;
        } catch (ProcessingException | WebApplicationException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ProviderException p) {
                    throw p;
                }
            }
            boolean timeout = false;
            for (Throwable t = e; t != null; t = t.getCause()) {
                timeout |= t.getClass().getName().toLowerCase(Locale.ROOT).contains("timeout");
            }
            String code = timeout ? "timeout" : "unreachable";
            throw new ProviderException(code, provider + " " + what + ": "
                    + (timeout ? "no answer in time" : e.getMessage()), 0, true, null, e);
        }
    }
}
