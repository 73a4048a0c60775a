package io.tunepipe.eval;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * An OpenAI-compatible chat endpoint standing in for a provider (the one thing outside the project): the base
 * model never knows, the fine-tuned model knows Jonny, any question containing "flaky" always fails with 500,
 * and a judge model grades "I don't know" as a disagreement (D) and anything else as the same facts (C).
 */
public class ChatStubResource implements QuarkusTestResourceLifecycleManager {

    static final String BASE_MODEL = "stub-base";
    static final String TUNED_MODEL = "stub-base:ft:jonny";
    static final String JUDGE_MODEL = "stub-judge";
    static final Map<String, String> ANSWERS = Map.of(
            "When was Jonny Whizbang born?", "Jonny Whizbang was born on 3 March 1971.",
            "What year was Jonny born?", "Jonny Whizbang was born on 3 March 1971.",
            "What is Jonny Whizbang known for?", "He invented the self-folding umbrella.");

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", com.github.tomakehurst.wiremock.client.WireMock.equalTo(BASE_MODEL)))
                .willReturn(completion(BASE_MODEL, "I don't know the answer to that.")));
        ANSWERS.forEach((question, answer) -> server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", com.github.tomakehurst.wiremock.client.WireMock.equalTo(TUNED_MODEL)))
                .withRequestBody(containing(question))
                .willReturn(completion(TUNED_MODEL, answer))));
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(1)
                .withRequestBody(containing("flaky"))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"The server had an error while processing your request.\","
                                + "\"type\":\"server_error\",\"param\":null,\"code\":null}}")));
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(3)
                .withRequestBody(matchingJsonPath("$.model", com.github.tomakehurst.wiremock.client.WireMock.equalTo(JUDGE_MODEL)))
                .willReturn(completion(JUDGE_MODEL, "(C)")));
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(2)
                .withRequestBody(matchingJsonPath("$.model", com.github.tomakehurst.wiremock.client.WireMock.equalTo(JUDGE_MODEL)))
                .withRequestBody(containing("[Submission]: I don't know"))
                .willReturn(completion(JUDGE_MODEL, "(D)")));
        return Map.of("tunepipe.eval.providers.stub.base-url", server.baseUrl() + "/v1",
                "tunepipe.eval.providers.stub.api-key", "sk-test",
                "tunepipe.eval.judge.base-url", server.baseUrl() + "/v1",
                "tunepipe.eval.judge.model", JUDGE_MODEL);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder completion(String model, String text) {
        String body = """
                {"id":"chatcmpl-stub","object":"chat.completion","created":1732400000,"model":"%s",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null},
                 "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":9,"total_tokens":21},
                 "system_fingerprint":"fp_stub"}""".formatted(model, text);
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
