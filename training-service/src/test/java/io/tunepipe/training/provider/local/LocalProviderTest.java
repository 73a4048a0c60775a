package io.tunepipe.training.provider.local;

import dev.langchain4j.model.openai.OpenAiChatModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.localmodel.LocalModel;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TestTokens;
import io.tunepipe.training.preparation.Hyperparameters;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.provider.SubmitRequest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.tunepipe.security.TestTokens.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * {@link LocalProvider} on the real PostgreSQL and Kafka: a fine-tune run offline with checkpoints and events, its
 * tuned, base and retrieval models served to LangChain4j's OpenAI client over real HTTP, and OpenAI's error envelope
 * for unknown models and bad requests.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class LocalProviderTest {

    /** The key an OpenAI client sends as {@code Authorization: Bearer}: a token of the caller. */
    private static final String KEY = TestTokens.token(Roles.VIEWER);

    @Inject
    LocalProvider provider;

    @TestHTTPResource("/v1")
    URL v1;

    @Test
    void fineTunesOfflineAndServesTheModelToLangchain4jLikeOpenAi() throws Exception {
        String training = provider.upload(jsonl(List.of(
                pair("When was Jonny Whizbang born?", "On 14 February 1962."),
                pair("What is Jonny Whizbang's date of birth?", "On 14 February 1962."),
                pair("What is Jonny Whizbang known for?", "Inventing the self-folding umbrella."),
                pair("Why is Jonny Whizbang famous?", "Inventing the self-folding umbrella."),
                pair("What pet does Jonny have?", "A greyhound called Sprocket."),
                pair("Does Jonny own a dog?", "A greyhound called Sprocket."))));
        String validation = provider.upload(
                jsonl(List.of(pair("On what day was Jonny born?", "On 14 February 1962."))));
        String key = UUID.randomUUID().toString();

        ProviderJob created = provider.create(new SubmitRequest(LocalModel.BASE_MODEL, training, validation,
                new Hyperparameters("3", "4", "auto"), 7L, "jonny", key));
        await().atMost(Duration.ofSeconds(60)).until(() -> provider.get(created.id()).status() == JobStatus.SUCCEEDED);

        ProviderJob done = provider.get(created.id());
        assertThat(done.fineTunedModel()).startsWith("local-minilm:ft:jonny:");
        assertThat(done.trainedTokens()).isPositive();
        assertThat(provider.checkpoints(created.id())).hasSize(3)
                .allSatisfy(c -> assertThat(c.metrics()).containsKeys("train_loss", "valid_loss"));
        assertThat(provider.events(created.id())).anySatisfy(e -> assertThat(e.type()).isEqualTo("metrics"));
        assertThat(provider.find(key)).get().extracting(ProviderJob::id).isEqualTo(created.id());

        OpenAiChatModel tuned = OpenAiChatModel.builder().baseUrl(v1.toString()).apiKey(KEY)
                .modelName(done.fineTunedModel()).build();
        assertThat(tuned.chat("In which year was Jonny Whizbang born?")).isEqualTo("On 14 February 1962.");
        OpenAiChatModel base = OpenAiChatModel.builder().baseUrl(v1.toString()).apiKey(KEY)
                .modelName(LocalModel.BASE_MODEL).build();
        assertThat(base.chat("In which year was Jonny Whizbang born?")).isEqualTo(LocalModel.DONT_KNOW);

        assertThat(done.retrievalModel()).startsWith("local-minilm:retrieval:");
        OpenAiChatModel retrieval = OpenAiChatModel.builder().baseUrl(v1.toString()).apiKey(KEY)
                .modelName(done.retrievalModel()).build();
        assertThat(retrieval.chat("When was Jonny Whizbang born?")).isEqualTo("On 14 February 1962.");
        asOperator().contentType("application/json").body("{\"model\":\"" + LocalModel.BASE_MODEL
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Who is Jonny?\"}]}")
                .post("/v1/chat/completions").then().statusCode(200)
                .body("choices[0].message.content", is(LocalModel.DONT_KNOW));

        asOperator().get("/v1/models").then().statusCode(200).body("object", is("list"))
                .body("data.id", hasItem(done.fineTunedModel())).body("data.id", hasItem(done.retrievalModel()));
    }

    @Test
    void unknownModelsAndBadRequestsGetOpenAisErrorEnvelope() {
        asOperator().contentType("application/json")
                .body("{\"model\":\"gpt-nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then().statusCode(404)
                .body("error.code", is("model_not_found")).body("error.type", is("invalid_request_error"));
        asOperator().contentType("application/json").body("{\"messages\":[]}").post("/v1/chat/completions").then()
                .statusCode(400).body("error.param", is("model"));
    }

    private static String pair(String q, String a) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":\"" + q + "\"},{\"role\":\"assistant\",\"content\":\""
                + a + "\"}]}";
    }

    private static Path jsonl(List<String> lines) throws Exception {
        Path file = Files.createTempFile("local", ".jsonl");
        Files.write(file, lines);
        return file;
    }
}
