package io.tunepipe.training.provider.openai;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.JobError;
import io.tunepipe.contracts.JobStatus;
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
import java.util.function.Function;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tunepipe.training.OpenAiShapes.checkpoint;
import static io.tunepipe.training.OpenAiShapes.error;
import static io.tunepipe.training.OpenAiShapes.event;
import static io.tunepipe.training.OpenAiShapes.file;
import static io.tunepipe.training.OpenAiShapes.job;
import static io.tunepipe.training.OpenAiShapes.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link OpenAiProvider} against WireMock standing in for OpenAI: a fine-tune from upload to model with its events and
 * checkpoints, a failed job, cancel, find by submission key, refusals, a wrong key reported without any part of it, and
 * rate limits, server errors and timeouts retryable.
 */
@QuarkusTest
@QuarkusTestResource(WireMockTestResource.class)
class OpenAiProviderTest {

    private static final String JOB = "ftjob-abc123";

    @Inject
    OpenAiProvider provider;

    @TempDir
    Path dir;

    private final WireMockServer api = WireMockTestResource.server();

    @BeforeEach
    void reset() {
        api.resetAll();
    }

    @Test
    void followsAWholeFineTuneFromUploadToTheFineTunedModel() throws IOException {
        Path jsonl = Files.writeString(dir.resolve("job-1-training.jsonl"),
                "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}]}\n");
        api.stubFor(post("/v1/files").willReturn(okJson(file("file-train", "job-1-training.jsonl"))));
        api.stubFor(post("/v1/fine_tuning/jobs").willReturn(okJson(job(JOB, "validating_files", "job-1/1", null))));
        String lifecycle = "lifecycle";
        stubState(lifecycle, Scenario.STARTED, "queued", job(JOB, "validating_files", "job-1/1", null));
        stubState(lifecycle, "queued", "running", job(JOB, "queued", "job-1/1", null));
        stubState(lifecycle, "running", "succeeded", job(JOB, "running", "job-1/1", null));
        stubState(lifecycle, "succeeded", "succeeded", job(JOB, "succeeded", "job-1/1",
                "\"fine_tuned_model\": \"ft:gpt-4o-mini-2024-07-18:org:faq:7p4lURel\", \"trained_tokens\": 5768,"
                        + " \"finished_at\": 1721765000"));
        api.stubFor(get(urlPathEqualTo("/v1/fine_tuning/jobs/" + JOB + "/events")).willReturn(okJson(list(
                event("ftevent-3", 1721764900, "metrics", "Step 2/2: training loss=0.21",
                        "{\"step\": 2, \"train_loss\": 0.21, \"train_mean_token_accuracy\": 0.9, \"total_steps\": 2}"),
                event("ftevent-2", 1721764850, "message", "Fine-tuning job started", "{}"),
                event("ftevent-1", 1721764800, "message", "Validating training file: file-train", "{}")))));
        api.stubFor(get(urlPathEqualTo("/v1/fine_tuning/jobs/" + JOB + "/checkpoints")).willReturn(okJson(list(
                checkpoint("ftckpt-2", JOB, 2, 0.21, 0.25), checkpoint("ftckpt-1", JOB, 1, 0.9, 0.95)))));

        String fileId = provider.upload(jsonl);
        ProviderJob created = provider.create(new SubmitRequest("gpt-4o-mini-2024-07-18", fileId, "file-val",
                new Hyperparameters("3", null, "0.5"), 42L, "faq", "job-1/1"));

        assertThat(fileId).isEqualTo("file-train");
        api.verify(postRequestedFor(urlEqualTo("/v1/files"))
                .withHeader("Authorization", equalTo("Bearer sk-test"))
                .withRequestBodyPart(aMultipart().withName("purpose").withBody(equalTo("fine-tune")).build())
                .withRequestBodyPart(aMultipart().withName("file").withBody(containing("\"assistant\"")).build()));
        api.verify(postRequestedFor(urlEqualTo("/v1/fine_tuning/jobs")).withRequestBody(equalToJson("""
                {"model": "gpt-4o-mini-2024-07-18", "training_file": "file-train", "validation_file": "file-val",
                 "seed": 42, "suffix": "faq", "metadata": {"tunepipe_submission": "job-1/1"},
                 "method": {"type": "supervised", "supervised": {"hyperparameters":
                   {"n_epochs": 3, "batch_size": "auto", "learning_rate_multiplier": 0.5}}}}""")));
        assertThat(created.id()).isEqualTo(JOB);
        assertThat(created.status()).isEqualTo(JobStatus.VALIDATING_FILES);

        assertThat(List.of(provider.get(JOB).status(), provider.get(JOB).status(), provider.get(JOB).status()))
                .containsExactly(JobStatus.VALIDATING_FILES, JobStatus.PROVIDER_QUEUED, JobStatus.RUNNING);
        ProviderJob done = provider.get(JOB);
        assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(done.fineTunedModel()).isEqualTo("ft:gpt-4o-mini-2024-07-18:org:faq:7p4lURel");
        assertThat(done.trainedTokens()).isEqualTo(5768L);
        assertThat(done.error()).isNull();

        List<ProviderEvent> events = provider.events(JOB);
        assertThat(events).extracting(ProviderEvent::id).containsExactly("ftevent-3", "ftevent-2", "ftevent-1");
        assertThat(events.get(0).type()).isEqualTo("metrics");
        assertThat(events.get(0).data()).containsEntry("train_loss", 0.21);
        List<ProviderCheckpoint> checkpoints = provider.checkpoints(JOB);
        assertThat(checkpoints).extracting(ProviderCheckpoint::stepNumber).containsExactly(2L, 1L);
        assertThat(checkpoints.get(0).metrics()).containsEntry("valid_loss", 0.25).containsEntry("train_loss", 0.21);
        assertThat(checkpoints.get(0).model()).endsWith("ckpt-step-2");
    }

    @Test
    void aFailedJobCarriesTheProvidersCodeAndMessage() {
        api.stubFor(get("/v1/fine_tuning/jobs/" + JOB).willReturn(okJson(job(JOB, "failed", "job-1/1",
                "\"error\": {\"code\": \"invalid_training_file\", \"message\": \"The job failed due to an invalid"
                        + " training file. Line 3: missing assistant message.\", \"param\": \"training_file\"}"))));

        ProviderJob failed = provider.get(JOB);

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).isEqualTo(new JobError("invalid_training_file",
                "The job failed due to an invalid training file. Line 3: missing assistant message."));
    }

    @Test
    void cancelsAJob() {
        api.stubFor(post("/v1/fine_tuning/jobs/" + JOB + "/cancel").willReturn(okJson(job(JOB, "cancelled",
                "job-1/1", null))));

        assertThat(provider.cancel(JOB).status()).isEqualTo(JobStatus.CANCELLED);
        api.verify(1, postRequestedFor(urlEqualTo("/v1/fine_tuning/jobs/" + JOB + "/cancel")));
    }

    @Test
    void findsAJobByItsSubmissionKeyEvenWhereTheFilterIsIgnored() {
        api.stubFor(get(urlPathEqualTo("/v1/fine_tuning/jobs")).withQueryParam("after", equalTo("ftjob-2"))
                .willReturn(okJson(list(job("ftjob-3", "running", "job-9/1", null)))));
        api.stubFor(get(urlPathEqualTo("/v1/fine_tuning/jobs")).withQueryParam("limit", equalTo("100"))
                .withQueryParam("after", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(okJson(list(job("ftjob-1", "succeeded", "other/1", null),
                        job("ftjob-2", "running", "job-8/1", null)).replace("\"has_more\": false",
                        "\"has_more\": true"))));

        assertThat(provider.find("job-9/1")).map(ProviderJob::id).contains("ftjob-3");
        assertThat(provider.find("job-7/1")).isEmpty();
        api.verify(getRequestedFor(urlPathEqualTo("/v1/fine_tuning/jobs"))
                .withQueryParam("metadata[tunepipe_submission]", equalTo("job-9/1")));
    }

    @Test
    void aRejectedRequestIsNotRetryable() {
        api.stubFor(post("/v1/fine_tuning/jobs").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(error("invalid_request_error", "model_not_available",
                        "Model gpt-2 is not available for fine-tuning or does not exist."))));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> Call.CREATE.invoke(provider, dir));

        assertThat(e.retryable()).isFalse();
        assertThat(e.code()).isEqualTo("model_not_available");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("Model gpt-2 is not available");
    }

    @Test
    void aWrongKeyIsReportedWithoutAnyPartOfTheKey() {
        api.stubFor(post("/v1/fine_tuning/jobs").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody(error("invalid_request_error", "invalid_api_key", "Incorrect API key provided: "
                        + "sk-proj-********************************************Xy9Q. You can find your API key at "
                        + "https://platform.openai.com/account/api-keys."))));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> Call.CREATE.invoke(provider, dir));

        assertThat(e.code()).isEqualTo("invalid_api_key");
        assertThat(e.getMessage()).contains("Incorrect API key provided: [redacted]").doesNotContain("sk-", "Xy9Q");
    }

    @ParameterizedTest
    @EnumSource(Call.class)
    void rateLimitsAreRetryableAfterWhatTheProviderAsks(Call call) {
        api.stubFor(call.stub.apply(null).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withHeader("Content-Type", "application/json")
                .withBody(error("requests", "rate_limit_exceeded", "Rate limit reached for requests"))));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> call.invoke(provider, dir));

        assertThat(e.retryable()).isTrue();
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.code()).isEqualTo("rate_limit_exceeded");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @ParameterizedTest
    @EnumSource(Call.class)
    void serverErrorsAreRetryable(Call call) {
        api.stubFor(call.stub.apply(null).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody(error("server_error", null, "The server had an error while processing your request."))));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> call.invoke(provider, dir));

        assertThat(e.retryable()).isTrue();
        assertThat(e.code()).isEqualTo("server_error");
        assertThat(e.retryAfter()).isNull();
        assertThat(e.getMessage()).contains("500", "The server had an error");
    }

    @ParameterizedTest
    @EnumSource(Call.class)
    void timeoutsAreRetryable(Call call) {
        api.stubFor(call.stub.apply(null).willReturn(okJson(list()).withFixedDelay(8_000)));

        assertThatThrownBy(() -> call.invoke(provider, dir))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.code()).isEqualTo("timeout");
                    assertThat(e.status()).isZero();
                });
    }

    private void stubState(String scenario, String state, String next, String body) {
        api.stubFor(get("/v1/fine_tuning/jobs/" + JOB).inScenario(scenario).whenScenarioStateIs(state)
                .willSetStateTo(next).willReturn(okJson(body)));
    }

    /** Each call of the provider, with the request it makes. */
    enum Call {
        UPLOAD(x -> post("/v1/files")),
        CREATE(x -> post("/v1/fine_tuning/jobs")),
        GET(x -> get("/v1/fine_tuning/jobs/" + JOB)),
        LIST(x -> get(urlPathEqualTo("/v1/fine_tuning/jobs"))),
        EVENTS(x -> get(urlPathEqualTo("/v1/fine_tuning/jobs/" + JOB + "/events"))),
        CHECKPOINTS(x -> get(urlPathEqualTo("/v1/fine_tuning/jobs/" + JOB + "/checkpoints"))),
        CANCEL(x -> post("/v1/fine_tuning/jobs/" + JOB + "/cancel"));

        final Function<Void, MappingBuilder> stub;

        Call(Function<Void, MappingBuilder> stub) {
            this.stub = stub;
        }

        void invoke(OpenAiProvider provider, Path dir) throws IOException {
            switch (this) {
                case UPLOAD -> provider.upload(Files.writeString(dir.resolve("t.jsonl"), "{}\n"));
                case CREATE -> provider.create(new SubmitRequest("gpt-2", "file-1", null, Hyperparameters.ALL_AUTO,
                        null, null, "job-1/1"));
                case GET -> provider.get(JOB);
                case LIST -> provider.find("job-1/1");
                case EVENTS -> provider.events(JOB);
                case CHECKPOINTS -> provider.checkpoints(JOB);
                case CANCEL -> provider.cancel(JOB);
            }
        }
    }
}
