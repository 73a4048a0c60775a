package io.tunepipe.llm;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.tunepipe.llm.OpenAiAnswers.PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link LlmGuard} around a {@link ChatClient} and a WireMock endpoint: a 429 retried after its Retry-After, server
 * errors with backoff, bad requests and bad keys not at all, and the breaker opened by failures in a row (never by
 * refusals) and closed again by a trial call.
 */
class LlmGuardTest {

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    private ChatClient client;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void client() {
        client = new ChatClient(new ChatClient.Settings(server.baseUrl() + "/v1", "sk-test", "gpt-4o-mini", 0, false,
                Duration.ofSeconds(5)));
    }

    @Test
    void a429IsRetriedAfterTheProvidersRetryAfter() {
        failOnceThenAnswer(OpenAiAnswers.rateLimited("1"));
        LlmGuard guard = new LlmGuard(LlmGuard.Settings.withoutBreaker(3, Duration.ofMillis(10),
                Duration.ofMillis(20)), waits::add);

        long started = System.nanoTime();
        String text = guard.call(() -> client.chat(null, "Hi").text());

        assertThat(text).isEqualTo("Hello!");
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        server.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUpToTheAttempts() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(OpenAiAnswers.overloaded()));
        LlmGuard guard = new LlmGuard(LlmGuard.Settings.withoutBreaker(3, Duration.ofMillis(10),
                Duration.ofMillis(15)), waits::add);

        LlmException e = catchThrowableOfType(LlmException.class, () -> guard.call(() -> client.chat(null, "Hi")));

        assertThat(e.status()).isEqualTo(503);
        assertThat(e.reason()).isEqualTo("server-error");
        server.verify(3, postRequestedFor(urlEqualTo(PATH)));
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(5), Duration.ofMillis(10));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(7), Duration.ofMillis(15));
    }

    @Test
    void a500ThenAnAnswerIsOneRetry() {
        failOnceThenAnswer(OpenAiAnswers.serverError());
        LlmGuard guard = new LlmGuard(LlmGuard.Settings.withoutBreaker(3, Duration.ofMillis(10),
                Duration.ofMillis(20)), waits::add);

        assertThat(guard.call(() -> client.chat(null, "Hi").text())).isEqualTo("Hello!");
        assertThat(waits).hasSize(1);
    }

    @Test
    void badRequestsAndBadKeysAreNotRetried() {
        LlmGuard guard = new LlmGuard(LlmGuard.Settings.withoutBreaker(5, Duration.ofMillis(10),
                Duration.ofMillis(20)), waits::add);
        server.stubFor(post(urlEqualTo(PATH)).willReturn(OpenAiAnswers.badRequest()));
        assertThat(catchThrowableOfType(LlmException.class, () -> guard.call(() -> client.chat(null, "Hi")))
                .reason()).isEqualTo("provider-refused-400");
        server.verify(1, postRequestedFor(urlEqualTo(PATH)));

        server.resetAll();
        server.stubFor(post(urlEqualTo(PATH)).willReturn(OpenAiAnswers.badKey()));
        assertThat(catchThrowableOfType(LlmException.class, () -> guard.call(() -> client.chat(null, "Hi")))
                .reason()).isEqualTo("provider-refused-401");
        server.verify(1, postRequestedFor(urlEqualTo(PATH)));
        assertThat(waits).isEmpty();
    }

    @Test
    void theBreakerOpensAfterFailuresInARowThenLetsATrialThrough() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(OpenAiAnswers.overloaded()));
        LlmGuard guard = new LlmGuard(new LlmGuard.Settings(3, Duration.ofMillis(1), Duration.ofMillis(2), 3,
                Duration.ofSeconds(2)), waits::add);

        assertThat(catchThrowableOfType(LlmException.class, () -> guard.call(() -> client.chat(null, "Hi"))))
                .isNotNull();
        assertThat(guard.breakerState()).isEqualTo(CircuitBreakerState.OPEN);
        server.verify(3, postRequestedFor(urlEqualTo(PATH)));

        assertThat(catchThrowableOfType(CircuitBreakerOpenException.class,
                () -> guard.call(() -> client.chat(null, "Hi")))).isNotNull();
        server.verify(3, postRequestedFor(urlEqualTo(PATH))); // the open breaker sent nothing

        server.resetAll();
        server.stubFor(post(urlEqualTo(PATH)).willReturn(OpenAiAnswers.completion("Back.")));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).ignoreException(
                CircuitBreakerOpenException.class).until(() -> guard.call(() -> client.chat(null, "Hi").text()),
                "Back."::equals);
        assertThat(guard.breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void refusalsDoNotOpenTheBreaker() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(OpenAiAnswers.badKey()));
        LlmGuard guard = new LlmGuard(new LlmGuard.Settings(1, Duration.ofMillis(1), Duration.ofMillis(2), 2,
                Duration.ofMinutes(1)));

        for (int i = 0; i < 4; i++) {
            assertThat(catchThrowableOfType(LlmException.class, () -> guard.call(() -> client.chat(null, "Hi"))))
                    .isNotNull();
        }

        assertThat(guard.breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
        server.verify(4, postRequestedFor(urlEqualTo(PATH)));
    }

    private void failOnceThenAnswer(ResponseDefinitionBuilder failure) {
        server.stubFor(post(urlEqualTo(PATH)).inScenario("once").whenScenarioStateIs(STARTED)
                .willReturn(failure).willSetStateTo("ok"));
        server.stubFor(post(urlEqualTo(PATH)).inScenario("once").whenScenarioStateIs("ok")
                .willReturn(OpenAiAnswers.completion("Hello!")));
    }
}
