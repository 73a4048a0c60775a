package io.tunepipe.augment;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tunepipe.augment.paraphrase.llm.OpenAiStub;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * An OpenAI-compatible provider standing in for the real one (the one thing outside the project): it rewords the
 * questions of {@link #REWORDINGS}, one question per request. The service keeps offline as its default.
 */
public class LlmStubResource implements QuarkusTestResourceLifecycleManager {

    static final Map<String, List<String>> REWORDINGS = Map.of(
            "When was Jonny Whizbang born?", List.of("What is the birth date of Jonny Whizbang?",
                    "On what date was Jonny Whizbang born?"),
            "How do I renew my library card?", List.of("What are the steps to renew my library card?",
                    "How can my library card be renewed?"),
            "Can I bring my dog to the office?", List.of("Am I allowed to take my dog to the office?",
                    "Is bringing my dog to the office permitted?"));

    private static volatile WireMockServer server;

    static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        REWORDINGS.forEach((question, rewordings) -> server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing("0: " + question))
                .willReturn(OpenAiStub.completion(OpenAiStub.paraphrases(Map.of(0, rewordings))))));
        return Map.of("tunepipe.augment.llm.base-url", server.baseUrl() + "/v1",
                "tunepipe.augment.llm.api-key", "sk-test-secret",
                "tunepipe.augment.llm.questions-per-request", "1",
                "tunepipe.augment.llm.initial-backoff", "10ms",
                "tunepipe.augment.paraphraser", "offline");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
