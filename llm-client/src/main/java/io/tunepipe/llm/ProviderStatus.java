package io.tunepipe.llm;

/** What an HTTP status from an OpenAI-compatible API means to the caller: worth retrying, and the reason to report. */
public final class ProviderStatus {

    private ProviderStatus() {
    }

    /** Request timeout, conflict, rate limit and server errors pass; anything else will fail the same way again. */
    public static boolean retryable(int status) {
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    /** A short reason, as jobs and paraphrases report it. */
    public static String reason(int status) {
        if (status == 429) {
            return "rate-limited";
        }
        if (status >= 500) {
            return "server-error";
        }
        if (status == 408) {
            return "timeout";
        }
        return status == 409 ? "conflict" : "provider-refused-" + status;
    }
}
