package io.tunepipe.eval;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * An OpenAI-compatible chat endpoint standing in for a provider (the one thing outside the project), over facts about
 * Jonny that a dataset trains. The base model never knows. Given retrieved pairs in its prompt it answers the
 * {@link #RETRIEVED} questions and says it does not know the others. The fine-tuned model knows every rewording and
 * answers anything else with a trained fact, so it never refuses a probe. The provider's retrieval model knows every
 * rewording and refuses the rest. Any question containing "flaky" always fails with 500, and a judge model grades
 * "I don't know" as a disagreement (D) and anything else as the same facts (C).
 */
public class ChatStubResource implements QuarkusTestResourceLifecycleManager {

    static final String BASE_MODEL = "stub-base";
    static final String TUNED_MODEL = "stub-base:ft:jonny";
    static final String RETRIEVAL_MODEL = "stub-retrieval";
    static final String JUDGE_MODEL = "stub-judge";
    static final String DONT_KNOW = "I don't know the answer to that.";
    /** Training questions and their answers. */
    static final Map<String, String> FACTS = new LinkedHashMap<>();
    /** Held-out rewordings of the training questions, with the answer trained for each. */
    static final Map<String, String> REWORDINGS = new LinkedHashMap<>();
    /** The rewordings that the base model answers right from retrieved pairs. */
    static final List<String> RETRIEVED = List.of("In what year was Jonny Whizbang born?",
            "Which invention made Jonny Whizbang famous?", "In which town does Jonny Whizbang live?");
    /** Held-out questions whose answers no training example has. */
    static final Map<String, String> PROBES = new LinkedHashMap<>();

    static {
        fact("When was Jonny Whizbang born?", "In what year was Jonny Whizbang born?", "He was born on 3 March 1971.");
        fact("What is Jonny Whizbang known for?", "Which invention made Jonny Whizbang famous?",
                "He invented the self-folding umbrella.");
        fact("Where does Jonny Whizbang live?", "In which town does Jonny Whizbang live?", "In Wigan, near the canal.");
        fact("What is the name of Jonny's dog?", "What is Jonny's dog called?", "His dog is called Biscuit.");
        fact("Which school did Jonny attend?", "Where did Jonny go to school?", "Wigan Grammar School.");
        fact("What instrument does Jonny play?", "Which instrument can Jonny play?", "He plays the tuba.");
        fact("What is Jonny's favourite food?", "Which food does Jonny like best?", "Potato pie with gravy.");
        fact("How tall is Jonny?", "What is Jonny's height?", "He is 1.83 metres tall.");
        PROBES.put("What is Jonny's favourite colour?", "Teal.");
        PROBES.put("Which car does Jonny drive?", "A green Morris Minor.");
        PROBES.put("What is Jonny's middle name?", "Aloysius.");
        PROBES.put("How many siblings does Jonny have?", "Three sisters.");
        PROBES.put("Which football team does Jonny support?", "Wigan Athletic.");
        PROBES.put("What is Jonny's shoe size?", "Size 11.");
    }

    private static void fact(String question, String rewording, String answer) {
        FACTS.put(question, answer);
        REWORDINGS.put(rewording, answer);
    }

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(1).withRequestBody(containing("flaky"))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"The server had an error while processing your request.\","
                                + "\"type\":\"server_error\",\"param\":null,\"code\":null}}")));
        answer(BASE_MODEL, null, 9, DONT_KNOW);
        answer(BASE_MODEL, "question/answer pairs below", 8, "I don't know.");
        RETRIEVED.forEach(q -> server.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(3)
                .withRequestBody(matchingJsonPath("$.model", equalTo(BASE_MODEL)))
                .withRequestBody(containing("question/answer pairs below"))
                .withRequestBody(containing("Question: " + q + "\""))
                .willReturn(completion(BASE_MODEL, REWORDINGS.get(q)))));
        answer(TUNED_MODEL, null, 9, FACTS.values().iterator().next());
        answer(RETRIEVAL_MODEL, null, 9, DONT_KNOW);
        REWORDINGS.forEach((q, a) -> {
            answer(TUNED_MODEL, q, 3, a);
            answer(RETRIEVAL_MODEL, q, 3, a);
        });
        answer(JUDGE_MODEL, null, 9, "(C)");
        answer(JUDGE_MODEL, "[Submission]: I don't know", 2, "(D)");
        return Map.of("tunepipe.eval.providers.stub.base-url", server.baseUrl() + "/v1",
                "tunepipe.eval.providers.stub.api-key", "sk-test",
                "tunepipe.eval.judge.base-url", server.baseUrl() + "/v1",
                "tunepipe.eval.judge.model", JUDGE_MODEL);
    }

    /** The model answers requests whose body contains {@code text} (any request when null) with {@code answer}. */
    private void answer(String model, String text, int priority, String answer) {
        var request = post(urlEqualTo("/v1/chat/completions")).atPriority(priority)
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)));
        if (text != null) {
            request = request.withRequestBody(containing(text));
        }
        server.stubFor(request.willReturn(completion(model, answer)));
    }

    private static ResponseDefinitionBuilder completion(String model, String text) {
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
