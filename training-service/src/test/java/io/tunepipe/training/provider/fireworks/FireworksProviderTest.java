package io.tunepipe.training.provider.fireworks;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.JobError;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.llm.ChatClient;
import io.tunepipe.training.WireMockTestResource;
import io.tunepipe.training.preparation.Hyperparameters;
import io.tunepipe.training.provider.ProviderEvent;
import io.tunepipe.training.provider.ProviderException;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.provider.SubmitRequest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tunepipe.training.OpenAiShapes.chatCompletion;
import static io.tunepipe.training.provider.fireworks.FireworksShapes.dataset;
import static io.tunepipe.training.provider.fireworks.FireworksShapes.deployedModel;
import static io.tunepipe.training.provider.fireworks.FireworksShapes.error;
import static io.tunepipe.training.provider.fireworks.FireworksShapes.job;
import static io.tunepipe.training.provider.fireworks.FireworksShapes.uploaded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link FireworksProvider} against WireMock standing in for Fireworks AI: a fine-tune from dataset upload to the
 * deployed LoRA model answering a chat, a failed job, a model already deployed, a dataset left by an earlier attempt,
 * refusals, rate limits, server errors, cancel and find.
 */
@QuarkusTest
@QuarkusTestResource(WireMockTestResource.class)
class FireworksProviderTest {

    private static final String ACCOUNT = "/fireworks/v1/accounts/acme";
    private static final String JOB = "tp-job-1-1";
    private static final String MODEL = "accounts/acme/models/" + JOB;

    @Inject
    FireworksProvider provider;

    @TempDir
    Path dir;

    private final WireMockServer api = WireMockTestResource.server();

    @BeforeEach
    void reset() {
        api.resetAll();
    }

    @Test
    void followsAFineTuneFromDatasetUploadToTheServerlessLoraModel() throws IOException {
        Path jsonl = Files.writeString(dir.resolve("job-1-training.jsonl"),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}\n"
                        + "{\"messages\":[{\"role\":\"user\",\"content\":\"q2\"},"
                        + "{\"role\":\"assistant\",\"content\":\"b\"}]}\n");
        api.stubFor(post(ACCOUNT + "/datasets").willReturn(okJson(dataset("acme", "tp-job-1-training"))));
        api.stubFor(post(ACCOUNT + "/datasets/tp-job-1-training:upload")
                .willReturn(okJson(uploaded("tp-job-1-training"))));
        api.stubFor(post(urlPathEqualTo(ACCOUNT + "/supervisedFineTuningJobs"))
                .willReturn(okJson(job("acme", JOB, "JOB_STATE_CREATING", "OK", "", null))));
        String[][] life = {{Scenario.STARTED, "pending", "JOB_STATE_PENDING"}, {"pending", "running",
            "JOB_STATE_RUNNING"}, {"running", "done", "JOB_STATE_WRITING_RESULTS"}};
        for (String[] s : life) {
            api.stubFor(get(ACCOUNT + "/supervisedFineTuningJobs/" + JOB).inScenario("life")
                    .whenScenarioStateIs(s[0]).willSetStateTo(s[1])
                    .willReturn(okJson(job("acme", JOB, s[2], "OK", "", 68))));
        }
        api.stubFor(get(ACCOUNT + "/supervisedFineTuningJobs/" + JOB).inScenario("life").whenScenarioStateIs("done")
                .willReturn(okJson(job("acme", JOB, "JOB_STATE_COMPLETED", "OK", "", 100))));
        api.stubFor(post(ACCOUNT + "/deployedModels").willReturn(okJson(deployedModel("acme", MODEL))));

        String datasetId = provider.upload(jsonl);
        ProviderJob created = provider.create(new SubmitRequest("accounts/fireworks/models/llama-v3p1-8b-instruct",
                datasetId, null, new Hyperparameters("3", "8", "0.5"), null, "faq", "job-1/1"));

        assertThat(datasetId).isEqualTo("tp-job-1-training");
        api.verify(postRequestedFor(urlEqualTo(ACCOUNT + "/datasets"))
                .withHeader("Authorization", equalTo("Bearer fw-test")).withRequestBody(equalToJson("""
                        {"datasetId": "tp-job-1-training", "dataset": {"displayName": "tunepipe job-1-training.jsonl",
                         "exampleCount": 2, "userUploaded": {}}}""")));
        api.verify(postRequestedFor(urlEqualTo(ACCOUNT + "/datasets/tp-job-1-training:upload"))
                .withRequestBodyPart(aMultipart().withName("file").withBody(containing("\"assistant\"")).build()));
        api.verify(postRequestedFor(urlEqualTo(ACCOUNT + "/supervisedFineTuningJobs?supervisedFineTuningJobId=" + JOB))
                .withRequestBody(equalToJson("""
                        {"dataset": "accounts/acme/datasets/tp-job-1-training", "displayName": "tunepipe job-1/1",
                         "baseModel": "accounts/fireworks/models/llama-v3p1-8b-instruct",
                         "outputModel": "accounts/acme/models/tp-job-1-1", "epochs": 3, "learningRate": 0.00005,
                         "batchSizeSamples": 8}""")));
        assertThat(created.id()).isEqualTo(JOB);
        assertThat(created.status()).isEqualTo(JobStatus.VALIDATING_FILES);

        assertThat(List.of(provider.get(JOB).status(), provider.get(JOB).status(), provider.get(JOB).status()))
                .containsExactly(JobStatus.PROVIDER_QUEUED, JobStatus.RUNNING, JobStatus.RUNNING);
        api.verify(0, postRequestedFor(urlEqualTo(ACCOUNT + "/deployedModels")));
        ProviderJob done = provider.get(JOB);
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.fineTunedModel()).isEqualTo(MODEL);
        api.verify(1, postRequestedFor(urlEqualTo(ACCOUNT + "/deployedModels")).withRequestBody(equalToJson("""
                {"model": "accounts/acme/models/tp-job-1-1", "displayName": "tunepipe tp-job-1-1"}""")));
        // evaluation asks the model on the inference endpoint, beside the control plane
        String inference = "/fireworks/inference/v1";
        api.stubFor(post(inference + "/chat/completions").willReturn(okJson(chatCompletion(MODEL, "Open settings."))));
        var chat = new ChatClient(new ChatClient.Settings(api.baseUrl() + inference, "fw-test", done.fineTunedModel(),
                0.0, false, Duration.ofSeconds(5)));
        assertThat(chat.chat(null, "How do I reset my password?").text()).isEqualTo("Open settings.");
        api.verify(postRequestedFor(urlEqualTo(inference + "/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(MODEL))));

        List<ProviderEvent> events = provider.events(JOB);
        assertThat(events).singleElement().satisfies(e -> assertThat(e.data()).containsEntry("percent", 100.0));
        assertThat(provider.checkpoints(JOB)).isEmpty();
    }

    @Test
    void aFailedJobCarriesItsStatusAndAnAlreadyLoadedModelCountsAsDeployed() {
        api.stubFor(get(ACCOUNT + "/supervisedFineTuningJobs/" + JOB).willReturn(okJson(job("acme", JOB,
                "JOB_STATE_FAILED", "INVALID_ARGUMENT", "dataset has 2 examples; at least 3 are required", 0))));

        assertThat(provider.get(JOB).error()).isEqualTo(new JobError("INVALID_ARGUMENT",
                "dataset has 2 examples; at least 3 are required"));

        api.stubFor(get(ACCOUNT + "/supervisedFineTuningJobs/" + JOB).willReturn(okJson(job("acme", JOB,
                "JOB_STATE_COMPLETED", "OK", "", 100))));
        api.stubFor(post(ACCOUNT + "/deployedModels").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(error(9, "model accounts/acme/models/tp-job-1-1 is already deployed"))));
        assertThat(provider.get(JOB).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aRefusedRequestIsAClearErrorThatIsNotRetried() {
        api.stubFor(post(urlPathEqualTo(ACCOUNT + "/supervisedFineTuningJobs")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(error(3, "base model accounts/fireworks/models/gpt-2 is not tunable"))));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> Call.CREATE.invoke(provider, dir));

        assertThat(e.retryable()).isFalse();
        assertThat(e.code()).isEqualTo("INVALID_ARGUMENT");
        assertThat(e.getMessage())
                .isEqualTo("Fireworks AI answered 400: base model accounts/fireworks/models/gpt-2 is not tunable");
    }

    @Test
    void aDatasetLeftByAnEarlierAttemptIsUploadedAgain() throws IOException {
        api.stubFor(post(ACCOUNT + "/datasets").willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json")
                .withBody(error(6, "dataset accounts/acme/datasets/tp-t already exists"))));
        api.stubFor(post(ACCOUNT + "/datasets/tp-t:upload").willReturn(okJson(uploaded("tp-t"))));

        assertThat(provider.upload(Files.writeString(dir.resolve("t.jsonl"), "{}\n"))).isEqualTo("tp-t");
        api.verify(1, postRequestedFor(urlEqualTo(ACCOUNT + "/datasets/tp-t:upload")));
    }

    @ParameterizedTest
    @EnumSource(Call.class)
    void rateLimitsAreRetryableAfterWhatFireworksAsks(Call call) {
        api.stubFor(call.stub.get().willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withHeader("Content-Type", "application/json").withBody(error(8, "too many requests"))));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> call.invoke(provider, dir));

        assertThat(e.retryable()).isTrue();
        assertThat(e.code()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @ParameterizedTest
    @EnumSource(Call.class)
    void serverErrorsAreRetryable(Call call) {
        api.stubFor(call.stub.get().willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody(error(13, "internal error"))));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> call.invoke(provider, dir));

        assertThat(e.retryable()).isTrue();
        assertThat(e.code()).isEqualTo("INTERNAL");
    }

    @Test
    void cancelsAJob() {
        api.stubFor(post(ACCOUNT + "/supervisedFineTuningJobs/" + JOB + ":cancel").willReturn(okJson("{}")));
        api.stubFor(get(ACCOUNT + "/supervisedFineTuningJobs/" + JOB).willReturn(okJson(job("acme", JOB,
                "JOB_STATE_CANCELLED", "CANCELLED", "cancelled by user", 40))));

        assertThat(provider.cancel(JOB).status()).isEqualTo(JobStatus.CANCELLED);
        api.verify(1, postRequestedFor(urlEqualTo(ACCOUNT + "/supervisedFineTuningJobs/" + JOB + ":cancel")));
    }

    @Test
    void findsAJobByTheIdItWasCreatedUnder() {
        api.stubFor(get(ACCOUNT + "/supervisedFineTuningJobs/" + JOB).willReturn(okJson(job("acme", JOB,
                "JOB_STATE_RUNNING", "OK", "", 10))));
        api.stubFor(get(ACCOUNT + "/supervisedFineTuningJobs/tp-job-2-1").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(error(5, "job not found"))));

        assertThat(provider.find("job-1/1")).map(ProviderJob::status).contains(JobStatus.RUNNING);
        assertThat(provider.find("job-2/1")).isEmpty();
    }

    /** Each call of the provider, with the request it makes. */
    enum Call {
        DATASET(() -> post(ACCOUNT + "/datasets")),
        CREATE(() -> post(urlPathEqualTo(ACCOUNT + "/supervisedFineTuningJobs"))),
        GET(() -> get(ACCOUNT + "/supervisedFineTuningJobs/" + JOB)),
        CANCEL(() -> post(ACCOUNT + "/supervisedFineTuningJobs/" + JOB + ":cancel"));

        final Supplier<MappingBuilder> stub;

        Call(Supplier<MappingBuilder> stub) {
            this.stub = stub;
        }

        void invoke(FireworksProvider provider, Path dir) throws IOException {
            switch (this) {
                case DATASET -> provider.upload(Files.writeString(dir.resolve("t.jsonl"), "{}\n"));
                case CREATE -> provider.create(new SubmitRequest("accounts/fireworks/models/gpt-2", "tp-t", null,
                        Hyperparameters.ALL_AUTO, null, null, "job-1/1"));
                case GET -> provider.get(JOB);
                case CANCEL -> provider.cancel(JOB);
            }
        }
    }
}
