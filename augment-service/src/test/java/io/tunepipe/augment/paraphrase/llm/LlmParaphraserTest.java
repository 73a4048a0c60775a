package io.tunepipe.augment.paraphrase.llm;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.tunepipe.augment.paraphrase.Paraphraser.Proposal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LlmParaphraser} against an OpenAI-compatible WireMock server: several questions in one JSON request, answers
 * served again from the cache, a 429 waited out for its Retry-After, 500s and timeouts retried, malformed answers asked
 * again then reported, the breaker opened, and the key never printed.
 */
class LlmParaphraserTest {

    private static final String PATH = "/v1/chat/completions";
    private static final String Q0 = "When was Jonny Whizbang born?";
    private static final String Q1 = "Puis-je voyager au Québec ?";
    private static final String ANSWER = OpenAiStub.paraphrases(Map.of(
            0, List.of("What is Jonny Whizbang's date of birth?", "In what year was Jonny Whizbang born?"),
            1, List.of("Est-ce que je peux voyager au Québec ?")));

    private WireMockServer server;
    private final MapCache cache = new MapCache();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void severalQuestionsInOneRequestAnsweredAsJsonThenServedFromTheCache() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(OpenAiStub.completion(ANSWER)));
        try (LlmParaphraser llm = paraphraser(3, Duration.ofSeconds(5))) {
            List<Proposal> proposals = llm.propose(List.of(Q0, Q1));

            assertThat(proposals).extracting(Proposal::question).containsExactly(Q0, Q1);
            assertThat(proposals.get(0).candidates()).containsExactly("What is Jonny Whizbang's date of birth?",
                    "In what year was Jonny Whizbang born?");
            assertThat(proposals.get(1).candidates()).containsExactly("Est-ce que je peux voyager au Québec ?");
            server.verify(1, postRequestedFor(urlEqualTo(PATH))
                    .withRequestBody(matchingJsonPath("$.model", com.github.tomakehurst.wiremock.client.WireMock
                            .equalTo("gpt-4o-mini")))
                    .withRequestBody(matchingJsonPath("$.response_format.type", com.github.tomakehurst.wiremock
                            .client.WireMock.equalTo("json_object")))
                    .withRequestBody(containing("0: " + Q0)).withRequestBody(containing("1: " + Q1))
                    .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                            "Bearer sk-secret")));

            assertThat(llm.propose(List.of(Q1, Q0))).extracting(p -> p.candidates().size()).containsExactly(1, 2);
            server.verify(1, postRequestedFor(urlEqualTo(PATH))); // the re-run cost nothing
        }
    }

    @Test
    void a429WithRetryAfterIsWaitedForThenRetried() {
        server.stubFor(post(urlEqualTo(PATH)).inScenario("429").whenScenarioStateIs(STARTED)
                .willReturn(OpenAiStub.error(429, "rate_limit_exceeded", "Rate limit reached")
                        .withHeader("Retry-After", "1"))
                .willSetStateTo("ok"));
        server.stubFor(post(urlEqualTo(PATH)).inScenario("429").whenScenarioStateIs("ok")
                .willReturn(OpenAiStub.completion(ANSWER)));
        try (LlmParaphraser llm = paraphraser(3, Duration.ofSeconds(5))) {
            long started = System.nanoTime();
            List<Proposal> proposals = llm.propose(List.of(Q0, Q1));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            assertThat(proposals).noneMatch(Proposal::failed);
            assertThat(waits).containsExactly(Duration.ofSeconds(1));
            assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            server.verify(2, postRequestedFor(urlEqualTo(PATH)));
        }
    }

    @Test
    void a500IsRetriedWithBackoff() {
        server.stubFor(post(urlEqualTo(PATH)).inScenario("500").whenScenarioStateIs(STARTED)
                .willReturn(OpenAiStub.error(500, "server_error", "The server had an error")).willSetStateTo("ok"));
        server.stubFor(post(urlEqualTo(PATH)).inScenario("500").whenScenarioStateIs("ok")
                .willReturn(OpenAiStub.completion(ANSWER)));
        try (LlmParaphraser llm = paraphraser(3, Duration.ofSeconds(5))) {
            assertThat(llm.propose(List.of(Q0, Q1))).noneMatch(Proposal::failed);
            assertThat(waits).hasSize(1).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofMillis(20)));
        }
    }

    @Test
    void aProviderThatKeepsFailingReportsEveryQuestionAndOpensTheBreaker() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(OpenAiStub.error(503, "server_error", "Overloaded")));
        try (LlmParaphraser llm = paraphraser(3, Duration.ofSeconds(5))) {
            assertThat(llm.propose(List.of(Q0, Q1))).extracting(Proposal::failure)
                    .containsExactly("server-error", "server-error");
            assertThat(llm.breakerState()).isEqualTo(CircuitBreakerState.OPEN);
            server.verify(3, postRequestedFor(urlEqualTo(PATH)));

            assertThat(llm.propose(List.of("Why is the sky blue?"))).extracting(Proposal::failure)
                    .containsExactly("circuit-open");
            server.verify(3, postRequestedFor(urlEqualTo(PATH))); // the open breaker sent nothing
        }
    }

    @Test
    void aMalformedAnswerIsAskedAgainThenReported() {
        server.stubFor(post(urlEqualTo(PATH)).inScenario("bad").whenScenarioStateIs(STARTED)
                .willReturn(OpenAiStub.completion("Sure! Here are some rewordings: 1. ...")).willSetStateTo("partial"));
        server.stubFor(post(urlEqualTo(PATH)).inScenario("bad").whenScenarioStateIs("partial")
                .willReturn(OpenAiStub.completion(OpenAiStub.paraphrases(Map.of(0, List.of("What is the birth date"
                        + " of Jonny Whizbang?")))))
                .willSetStateTo("garbled"));
        server.stubFor(post(urlEqualTo(PATH)).inScenario("bad").whenScenarioStateIs("garbled")
                .willReturn(OpenAiStub.completion("{\"paraphrases\": [{\"index\": 0, \"rewordings\": \"oops\"}]}")));
        try (LlmParaphraser llm = paraphraser(3, Duration.ofSeconds(5), 2)) {
            List<Proposal> proposals = llm.propose(List.of(Q0, Q1));

            assertThat(proposals.get(0).candidates()).containsExactly("What is the birth date of Jonny Whizbang?");
            assertThat(proposals.get(1).failure()).isEqualTo("malformed-answer");
            assertThat(proposals.get(1).candidates()).isEmpty();
            server.verify(3, postRequestedFor(urlEqualTo(PATH)));
            server.verify(1, postRequestedFor(urlEqualTo(PATH)).withRequestBody(containing("0: " + Q1))
                    .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("0: " + Q0)));
            assertThat(cache.get(Q1, "gpt-4o-mini", LlmParaphraser.PROMPT_VERSION)).isEmpty();
        }
    }

    @Test
    void aTimeoutIsRetriedThenReported() {
        server.stubFor(post(urlEqualTo(PATH)).inScenario("slow").whenScenarioStateIs(STARTED)
                .willReturn(OpenAiStub.completion(ANSWER).withFixedDelay(3000)).willSetStateTo("fast"));
        server.stubFor(post(urlEqualTo(PATH)).inScenario("slow").whenScenarioStateIs("fast")
                .willReturn(OpenAiStub.completion(ANSWER)));
        try (LlmParaphraser llm = paraphraser(3, Duration.ofMillis(500))) {
            assertThat(llm.propose(List.of(Q0, Q1))).noneMatch(Proposal::failed);
            server.verify(2, postRequestedFor(urlEqualTo(PATH)));
        }
        server.resetAll();
        server.stubFor(post(urlEqualTo(PATH)).willReturn(OpenAiStub.completion(ANSWER).withFixedDelay(3000)));
        try (LlmParaphraser llm = paraphraser(2, Duration.ofMillis(500))) {
            assertThat(llm.propose(List.of("Why is the sky blue?"))).extracting(Proposal::failure)
                    .containsExactly("timeout");
        }
    }

    @Test
    void theKeyIsNeverPrinted() {
        assertThat(settings(3, Duration.ofSeconds(1), 1).toString()).doesNotContain("sk-secret").contains("***");
    }

    private LlmParaphraser paraphraser(int maxAttempts, Duration timeout) {
        return paraphraser(maxAttempts, timeout, 1);
    }

    private LlmParaphraser paraphraser(int maxAttempts, Duration timeout, int malformedRetries) {
        return new LlmParaphraser(settings(maxAttempts, timeout, malformedRetries), cache, waits::add);
    }

    private LlmSettings settings(int maxAttempts, Duration timeout, int malformedRetries) {
        return new LlmSettings(server.baseUrl() + "/v1", "gpt-4o-mini", "sk-secret", 0.9, 8, 5, 4, timeout,
                maxAttempts, Duration.ofMillis(10), Duration.ofMillis(20), malformedRetries, 3, Duration.ofMinutes(1));
    }

    /** The cache in a map. */
    private static final class MapCache implements ParaphraseCache {
        private final Map<String, List<String>> entries = new ConcurrentHashMap<>();

        @Override
        public Optional<List<String>> get(String question, String model, String promptVersion) {
            return Optional.ofNullable(entries.get(model + "|" + promptVersion + "|" + question));
        }

        @Override
        public void put(String question, String model, String promptVersion, List<String> candidates) {
            entries.put(model + "|" + promptVersion + "|" + question, candidates);
        }
    }
}
