package io.tunepipe.training.provider;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import java.util.Locale;
import java.util.function.Supplier;

/** One call to a provider's REST API, with transport failures (timeouts, refused connections) made retryable. */
public final class ProviderCall {

    private ProviderCall() {
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
