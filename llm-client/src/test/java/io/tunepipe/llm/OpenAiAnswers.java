package io.tunepipe.llm;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/** Answers of OpenAI's chat completions API as it sends them (bodies and headers), for WireMock stubs. */
final class OpenAiAnswers {

    static final String PATH = "/v1/chat/completions";

    private OpenAiAnswers() {
    }

    static ResponseDefinitionBuilder completion(String content) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("openai-processing-ms", "412").withHeader("x-request-id", "req_7c1e2f")
                .withBody("""
                        {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion",
                         "created":1741569952,"model":"gpt-4o-mini-2024-07-18",
                         "choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null,
                           "annotations":[]},"logprobs":null,"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,
                           "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
                           "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,
                             "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
                         "service_tier":"default","system_fingerprint":"fp_06737a9306"}""".formatted(content));
    }

    /** 429 as OpenAI sends it on a requests-per-minute limit, with Retry-After in seconds. */
    static ResponseDefinitionBuilder rateLimited(String retryAfterSeconds) {
        return error(429, "Rate limit reached for gpt-4o-mini in organization org-tunepipe on requests per min (RPM):"
                + " Limit 3, Used 3, Requested 1. Please try again in 20s.", "requests", "rate_limit_exceeded")
                .withHeader("Retry-After", retryAfterSeconds)
                .withHeader("x-ratelimit-limit-requests", "3").withHeader("x-ratelimit-remaining-requests", "0")
                .withHeader("x-ratelimit-reset-requests", "20s");
    }

    static ResponseDefinitionBuilder serverError() {
        return error(500, "The server had an error while processing your request. Sorry about that!",
                "server_error", null);
    }

    static ResponseDefinitionBuilder overloaded() {
        return error(503, "The engine is currently overloaded, please try again later.", "server_error", null);
    }

    static ResponseDefinitionBuilder badKey() {
        return error(401, "Incorrect API key provided: sk-abc***wxyz. You can find your API key at"
                + " https://platform.openai.com/account/api-keys.", "invalid_request_error", "invalid_api_key");
    }

    static ResponseDefinitionBuilder badRequest() {
        return error(400, "'messages' must contain the word 'json' in some form, to use 'response_format' of type"
                + " 'json_object'.", "invalid_request_error", null);
    }

    /** The error envelope: {"error": {message, type, param, code}}. */
    private static ResponseDefinitionBuilder error(int status, String message, String type, String code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,"
                        + "\"code\":" + (code == null ? "null" : "\"" + code + "\"") + "}}");
    }
}
