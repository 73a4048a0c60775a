package io.tunepipe.training.provider.together;

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
import io.tunepipe.training.provider.ProviderCheckpoint;
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
import static io.tunepipe.training.OpenAiShapes.chatCompletion;
import static io.tunepipe.training.provider.together.TogetherShapes.checkpoint;
import static io.tunepipe.training.provider.together.TogetherShapes.error;
import static io.tunepipe.training.provider.together.TogetherShapes.event;
import static io.tunepipe.training.provider.together.TogetherShapes.file;
import static io.tunepipe.training.provider.together.TogetherShapes.job;
import static io.tunepipe.training.provider.together.TogetherShapes.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link TogetherProvider} against WireMock standing in for Together AI: a LoRA fine-tune from upload to the served
 * output model with its events and checkpoints, a job ended in error, refusals, rate limits, server errors, cancel, and
 * find by the tag in the output name.
 */
@QuarkusTest
@QuarkusTestResource(WireMockTestResource.class)
class TogetherProviderTest {

    private static final String JOB = "ft-6f2a8e11-0c6d-4a7e-9d39-1b2c3d4e5f60";
    private static final String API = "/together/v1";

    @Inject
    TogetherProvider provider;

    @TempDir
    Path dir;

    private final WireMockServer api = WireMockTestResource.server();

    @BeforeEach
    void reset() {
        api.resetAll();
    }

    @Test
    void followsALoraFineTuneFromUploadToTheServedOutputModel() throws IOException {
        String output = "acme/Meta-Llama-3.1-8B-Instruct-Reference-faq-" + TogetherProvider.tag("job-1/1")
                + "-6b6b2c1e";
        Path jsonl = Files.writeString(dir.resolve("job-1-training.jsonl"),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}\n");
        api.stubFor(post(API + "/files/upload").willReturn(okJson(file("file-train", "job-1-training.jsonl"))));
        api.stubFor(post(API + "/fine-tunes").willReturn(okJson(job(JOB, "pending", output, null, null))));
        String[][] life = {{Scenario.STARTED, "queued", "queued"}, {"queued", "running", "running"},
            {"running", "done", "uploading"}};
        for (String[] s : life) {
            api.stubFor(get(API + "/fine-tunes/" + JOB).inScenario("life").whenScenarioStateIs(s[0])
                    .willSetStateTo(s[1]).willReturn(okJson(job(JOB, s[2], output, null, null))));
        }
        api.stubFor(get(API + "/fine-tunes/" + JOB).inScenario("life").whenScenarioStateIs("done")
                .willReturn(okJson(job(JOB, "completed", output, 5768L, null))));
        api.stubFor(get(API + "/fine-tunes/" + JOB + "/events").willReturn(okJson(list(
                event("2026-11-17T17:36:00.000Z", "info", "job_start", "Fine tune job started", null),
                event("2026-11-17T18:20:00.000Z", "info", "checkpoint_save", "Checkpoint saved at step 24", 24L),
                event("2026-11-17T18:21:00.000Z", "info", "epoch_complete", "Epoch completed, at step 24", 24L)))));
        api.stubFor(get(API + "/fine-tunes/" + JOB + "/checkpoints").willReturn(okJson(list(
                checkpoint(24, "acme/ckpt-24")))));

        String fileId = provider.upload(jsonl);
        ProviderJob created = provider.create(new SubmitRequest("meta-llama/Meta-Llama-3.1-8B-Instruct-Reference",
                fileId, "file-val", new Hyperparameters("3", null, "0.5"), 42L, "faq", "job-1/1"));

        assertThat(fileId).isEqualTo("file-train");
        api.verify(postRequestedFor(urlEqualTo(API + "/files/upload"))
                .withHeader("Authorization", equalTo("Bearer together-test"))
                .withRequestBodyPart(aMultipart().withName("purpose").withBody(equalTo("fine-tune")).build())
                .withRequestBodyPart(aMultipart().withName("file_name").withBody(equalTo("job-1-training.jsonl"))
                        .build())
                .withRequestBodyPart(aMultipart().withName("file").withBody(containing("\"assistant\"")).build()));
        api.verify(postRequestedFor(urlEqualTo(API + "/fine-tunes")).withRequestBody(equalToJson("""
                {"model": "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference", "training_file": "file-train",
                 "validation_file": "file-val", "n_epochs": 3, "n_evals": 1, "n_checkpoints": 1, "batch_size": "max",
                 "learning_rate": 0.000005, "random_seed": 42, "suffix": "faq-%s",
                 "training_type": {"type": "Lora", "lora_r": 8, "lora_alpha": 16}}"""
                .formatted(TogetherProvider.tag("job-1/1")))));
        assertThat(created.id()).isEqualTo(JOB);
        assertThat(created.status()).isEqualTo(JobStatus.PROVIDER_QUEUED);
        assertThat(created.fineTunedModel()).as("named only once it is served").isNull();

        assertThat(List.of(provider.get(JOB).status(), provider.get(JOB).status(), provider.get(JOB).status()))
                .containsExactly(JobStatus.PROVIDER_QUEUED, JobStatus.RUNNING, JobStatus.RUNNING);
        ProviderJob done = provider.get(JOB);
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.fineTunedModel()).isEqualTo(output);
        assertThat(done.trainedTokens()).isEqualTo(5768L);
        api.stubFor(post(API + "/chat/completions").willReturn(okJson(chatCompletion(output, "Open settings."))));
        var chat = new ChatClient(new ChatClient.Settings(api.baseUrl() + API, "together-test", done.fineTunedModel(),
                0.0, false, Duration.ofSeconds(5)));
        assertThat(chat.chat(null, "How do I reset my password?").text()).isEqualTo("Open settings.");
        api.verify(postRequestedFor(urlEqualTo(API + "/chat/completions"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(output))));

        List<ProviderEvent> events = provider.events(JOB);
        assertThat(events).extracting(ProviderEvent::type)
                .containsExactly("job_start", "checkpoint_save", "epoch_complete");
        assertThat(events).extracting(ProviderEvent::id).doesNotHaveDuplicates();
        assertThat(events.get(2).data()).containsEntry("step", 24L).containsEntry("total_steps", 72L);
        List<ProviderCheckpoint> checkpoints = provider.checkpoints(JOB);
        assertThat(checkpoints).extracting(ProviderCheckpoint::stepNumber).containsExactly(24L);
        assertThat(checkpoints.get(0).model()).isEqualTo("acme/ckpt-24");
    }

    @Test
    void aJobThatEndedInErrorCarriesItsErrorEvent() {
        api.stubFor(get(API + "/fine-tunes/" + JOB).willReturn(okJson(job(JOB, "error", null, null,
                event("2026-11-17T17:36:00.000Z", "info", "job_start", "Fine tune job started", null) + ","
                        + event("2026-11-17T17:37:00.000Z", "error", "job_error",
                        "Training file has 3 lines that are not valid JSON", null)))));

        ProviderJob failed = provider.get(JOB);

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).isEqualTo(new JobError("job_error",
                "Training file has 3 lines that are not valid JSON"));
    }

    @Test
    void aRefusedRequestIsAClearErrorThatIsNotRetried() {
        api.stubFor(post(API + "/fine-tunes").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(error("invalid_request_error", "Model gpt-2 is not supported for fine-tuning"))));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> Call.CREATE.invoke(provider, dir));

        assertThat(e.retryable()).isFalse();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_request_error");
        assertThat(e.getMessage()).isEqualTo("Together AI answered 400: Model gpt-2 is not supported for fine-tuning");
    }

    @ParameterizedTest
    @EnumSource(Call.class)
    void rateLimitsAreRetryableAfterWhatTogetherAsks(Call call) {
        api.stubFor(call.stub.get().willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withHeader("Content-Type", "application/json")
                .withBody(error("rate_limit_exceeded", "Rate limit exceeded"))));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> call.invoke(provider, dir));

        assertThat(e.retryable()).isTrue();
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @ParameterizedTest
    @EnumSource(Call.class)
    void serverErrorsAreRetryable(Call call) {
        api.stubFor(call.stub.get().willReturn(aResponse().withStatus(503).withBody("upstream connect error")));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> call.invoke(provider, dir));

        assertThat(e.retryable()).isTrue();
        assertThat(e.code()).isEqualTo("http_503");
        assertThat(e.getMessage()).contains("upstream connect error");
    }

    @Test
    void cancelsAJob() {
        api.stubFor(post(API + "/fine-tunes/" + JOB + "/cancel").willReturn(okJson(job(JOB, "cancel_requested",
                null, null, null))));

        assertThat(provider.cancel(JOB).status()).isEqualTo(JobStatus.RUNNING);
        api.verify(1, postRequestedFor(urlEqualTo(API + "/fine-tunes/" + JOB + "/cancel")));
        assertThat(TogetherProvider.statusOf("cancelled")).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void findsAJobByTheTagInItsOutputName() {
        String key = "0b0e6f62-5d7a-4c1e-a3b4-9f8e7d6c5b4a-2";
        api.stubFor(get(API + "/fine-tunes").willReturn(okJson(list(
                job("ft-other", "completed", "acme/Meta-Llama-3.1-8B-Instruct-Reference-faq-tp000000000000-1", 10L,
                        null),
                job(JOB, "running", "acme/Meta-Llama-3.1-8B-Instruct-Reference-" + TogetherProvider.tag(key)
                        + "-77aa", null, null)))));

        assertThat(provider.find(key)).map(ProviderJob::id).contains(JOB);
        assertThat(provider.find("some-other-key-1")).isEmpty();
        assertThat(TogetherProvider.suffix("a".repeat(64), key)).hasSize(TogetherProvider.MAX_SUFFIX)
                .endsWith("-" + TogetherProvider.tag(key));
    }

    /** Each call of the provider, with the request it makes. */
    enum Call {
        UPLOAD(() -> post(API + "/files/upload")),
        CREATE(() -> post(API + "/fine-tunes")),
        GET(() -> get(API + "/fine-tunes/" + JOB)),
        LIST(() -> get(API + "/fine-tunes")),
        EVENTS(() -> get(API + "/fine-tunes/" + JOB + "/events")),
        CANCEL(() -> post(API + "/fine-tunes/" + JOB + "/cancel"));

        final Supplier<MappingBuilder> stub;

        Call(Supplier<MappingBuilder> stub) {
            this.stub = stub;
        }

        void invoke(TogetherProvider provider, Path dir) throws IOException {
            switch (this) {
                case UPLOAD -> provider.upload(Files.writeString(dir.resolve("t.jsonl"), "{}\n"));
                case CREATE -> provider.create(new SubmitRequest("gpt-2", "file-1", null, Hyperparameters.ALL_AUTO,
                        null, null, "job-1/1"));
                case GET -> provider.get(JOB);
                case LIST -> provider.find("job-1/1");
                case EVENTS -> provider.events(JOB);
                case CANCEL -> provider.cancel(JOB);
            }
        }
    }
}
