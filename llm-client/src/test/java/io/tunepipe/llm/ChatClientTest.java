package io.tunepipe.llm;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.tunepipe.llm.OpenAiAnswers.PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link ChatClient} against a WireMock chat endpoint: the request it sends, the answer and token counts it reads, and
 * error answers, refusals, timeouts and non-JSON bodies as retryable or final {@link LlmException}s.
 */
class ChatClientTest {

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .build();

    @Test
    void sendsTheChatRequestAndReadsTheAnswerAndItsTokens() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(OpenAiAnswers.completion("{\\\"ok\\\": true}")));

        ChatClient.Reply reply = client("sk-secret", true, Duration.ofSeconds(5))
                .chat("Reply with JSON.", "Is Québec a province?");

        assertThat(reply).isEqualTo(new ChatClient.Reply("{\"ok\": true}", 19, 10));
        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer sk-secret"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("gpt-4o-mini")))
                .withRequestBody(matchingJsonPath("$.temperature", equalTo("0.9")))
                .withRequestBody(matchingJsonPath("$.response_format.type", equalTo("json_object")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo("Is Québec a province?"))));
    }

    @Test
    void noKeyNoSystemMessageNoResponseFormatWhenNotAsked() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(OpenAiAnswers.completion("Yes.")));

        assertThat(client(null, false, Duration.ofSeconds(5)).chat(null, "Is Québec a province?").text())
                .isEqualTo("Yes.");
        server.verify(postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", absent())
                .withRequestBody(matchingJsonPath("$.response_format", absent()))
                .withRequestBody(matchingJsonPath("$.messages.length()", equalTo("1"))));
    }

    @Test
    void anErrorAnswerKeepsItsStatusReasonAndRetryAfter() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(OpenAiAnswers.rateLimited("20")));

        LlmException e = catchThrowableOfType(LlmException.class,
                () -> client("sk-secret", false, Duration.ofSeconds(5)).chat(null, "Hi"));

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.reason()).isEqualTo("rate-limited");
        assertThat(e.retryable()).isTrue();
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(e.getMessage()).contains("rate_limit_exceeded");
    }

    @Test
    void aRefusalIsFinal() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(OpenAiAnswers.badKey()));

        LlmException e = catchThrowableOfType(LlmException.class,
                () -> client("sk-wrong", false, Duration.ofSeconds(5)).chat(null, "Hi"));

        assertThat(e.retryable()).isFalse();
        assertThat(e.reason()).isEqualTo("provider-refused-401");
        assertThat(e.retryAfter()).isNull();
    }

    @Test
    void noAnswerInTimeIsARetryableTimeout() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(OpenAiAnswers.completion("late").withFixedDelay(2000)));

        LlmException e = catchThrowableOfType(LlmException.class,
                () -> client(null, false, Duration.ofMillis(300)).chat(null, "Hi"));

        assertThat(e.status()).isZero();
        assertThat(e.reason()).isEqualTo("timeout");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void aBodyThatIsNotJsonIsAFinalMalformedAnswer() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>proxy login</html>")));

        LlmException e = catchThrowableOfType(LlmException.class,
                () -> client(null, false, Duration.ofSeconds(5)).chat(null, "Hi"));

        assertThat(e.reason()).isEqualTo("malformed-answer");
        assertThat(e.retryable()).isFalse();
    }

    private ChatClient client(String key, boolean json, Duration timeout) {
        return new ChatClient(new ChatClient.Settings(server.baseUrl() + "/v1", key, "gpt-4o-mini", 0.9, json,
                timeout));
    }
}
