package io.tunepipe.augment.paraphrase.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/** Answers in the shapes of OpenAI's chat completions API, for WireMock stubs. */
public final class OpenAiStub {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiStub() {
    }

    /** A chat.completion whose message content is {@code content}, as a provider sends it. */
    public static ResponseDefinitionBuilder completion(String content) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "chatcmpl-stub");
        body.put("object", "chat.completion");
        body.put("created", 1732400000);
        body.put("model", "gpt-4o-mini-2024-07-18");
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", Map.of("role", "assistant", "content", content));
        choice.put("logprobs", null);
        choice.put("finish_reason", "stop");
        body.put("choices", List.of(choice));
        body.put("usage", Map.of("prompt_tokens", 60, "completion_tokens", 40, "total_tokens", 100));
        body.put("system_fingerprint", "fp_stub");
        try {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The paraphraser's JSON answer: rewordings by question index. */
    public static String paraphrases(Map<Integer, List<String>> byIndex) {
        try {
            return JSON.writeValueAsString(Map.of("paraphrases", byIndex.entrySet().stream()
                    .map(e -> Map.of("index", e.getKey(), "rewordings", e.getValue())).toList()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An OpenAI error answer. */
    public static ResponseDefinitionBuilder error(int status, String type, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type
                        + "\",\"param\":null,\"code\":null}}");
    }
}
