package io.tunepipe.training.provider.azure;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.JobError;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.llm.ChatClient;
import io.tunepipe.training.WireMockTestResource;
import io.tunepipe.training.preparation.Hyperparameters;
import io.tunepipe.training.provider.ProviderException;
import io.tunepipe.training.provider.ProviderJob;
import io.tunepipe.training.provider.SubmitRequest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.tunepipe.training.OpenAiShapes.chatCompletion;
import static io.tunepipe.training.OpenAiShapes.file;
import static io.tunepipe.training.OpenAiShapes.job;
import static io.tunepipe.training.OpenAiShapes.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link AzureOpenAiProvider} against WireMock standing in for Azure OpenAI and its management API: a job trained,
 * deployed and asked by its deployment name, a deployment that fails, refusals not retried, rate limits and server
 * errors retryable, cancel and find.
 */
@QuarkusTest
@QuarkusTestResource(WireMockTestResource.class)
class AzureOpenAiProviderTest {

    static final String API = "/azure/openai/v1";
    static final String DEPLOYMENTS = "/arm/subscriptions/sub-1/resourceGroups/rg-tunepipe/providers/"
            + "Microsoft.CognitiveServices/accounts/tunepipe-aoai/deployments/";
    private static final String JOB = "ftjob-4f1c2e9a7b6d4c3e8a1b2c3d4e5f6a7b";
    private static final String MODEL = "gpt-4.1-mini-2025-04-14.ft-4f1c2e9a7b6d4c3e8a1b2c3d4e5f6a7b";

    @Inject
    AzureOpenAiProvider provider;

    @TempDir
    Path dir;

    private final WireMockServer api = WireMockTestResource.server();

    @BeforeEach
    void reset() {
        api.resetAll();
    }

    @Test
    void trainsDeploysAndHandsEvalTheDeploymentName() throws IOException {
        Path jsonl = Files.writeString(dir.resolve("job-1-training.jsonl"), "{\"messages\":[]}\n");
        api.stubFor(post(API + "/files").willReturn(okJson(file("file-7d2c", "job-1-training.jsonl"))));
        api.stubFor(post(API + "/fine_tuning/jobs").willReturn(okJson(job(JOB, "pending", "job-1/1", null))));
        api.stubFor(get(API + "/fine_tuning/jobs/" + JOB).inScenario("train").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("trained").willReturn(okJson(job(JOB, "running", "job-1/1", null))));
        api.stubFor(get(API + "/fine_tuning/jobs/" + JOB).inScenario("train").whenScenarioStateIs("trained")
                .willReturn(okJson(job(JOB, "succeeded", "job-1/1", "\"fine_tuned_model\": \"" + MODEL + "\","
                        + " \"trained_tokens\": 5768"))));
        api.stubFor(get(urlPathEqualTo(DEPLOYMENTS + JOB)).inScenario("deploy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody(armError("DeploymentNotFound", "Deployment " + JOB + " not found."))));
        api.stubFor(put(urlPathEqualTo(DEPLOYMENTS + JOB)).inScenario("deploy").willSetStateTo("creating")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(deployment(JOB, MODEL, "Creating"))));
        api.stubFor(get(urlPathEqualTo(DEPLOYMENTS + JOB)).inScenario("deploy").whenScenarioStateIs("creating")
                .willSetStateTo("ready").willReturn(okJson(deployment(JOB, MODEL, "Creating"))));
        api.stubFor(get(urlPathEqualTo(DEPLOYMENTS + JOB)).inScenario("deploy").whenScenarioStateIs("ready")
                .willReturn(okJson(deployment(JOB, MODEL, "Succeeded"))));
        api.stubFor(post(API + "/chat/completions").willReturn(okJson(chatCompletion(JOB, "Open settings."))));

        String fileId = provider.upload(jsonl);
        ProviderJob created = provider.create(new SubmitRequest("gpt-4.1-mini-2025-04-14", fileId, null,
                new Hyperparameters("2", null, null), 7L, "faq", "job-1/1"));
        List<ProviderJob> polls = List.of(provider.get(JOB), provider.get(JOB), provider.get(JOB), provider.get(JOB));

        api.verify(postRequestedFor(urlEqualTo(API + "/files")).withHeader("api-key", equalTo("azure-test"))
                .withRequestBodyPart(aMultipart().withName("purpose").withBody(equalTo("fine-tune")).build()));
        api.verify(postRequestedFor(urlEqualTo(API + "/fine_tuning/jobs"))
                .withRequestBody(matchingJsonPath("$.metadata.tunepipe_submission", equalTo("job-1/1"))));
        assertThat(created.status()).as("Azure's pending").isEqualTo(JobStatus.PROVIDER_QUEUED);
        assertThat(polls).extracting(ProviderJob::status).containsExactly(JobStatus.RUNNING, JobStatus.RUNNING,
                JobStatus.RUNNING, JobStatus.SUCCEEDED);
        assertThat(polls.get(1).providerStatus()).isEqualTo("deployment " + JOB + ": Creating");
        assertThat(polls.get(1).fineTunedModel()).as("not served before it is deployed").isNull();
        assertThat(polls.get(3).fineTunedModel()).isEqualTo(JOB);
        assertThat(polls.get(3).trainedTokens()).isEqualTo(5768L);
        api.verify(1, putRequestedFor(urlEqualTo(DEPLOYMENTS + JOB + "?api-version=2024-10-01"))
                .withHeader("Authorization", equalTo("Bearer arm-test-token")).withRequestBody(equalToJson("""
                        {"sku": {"name": "Standard", "capacity": 1},
                         "properties": {"model": {"format": "OpenAI", "name": "%s", "version": "1"}}}"""
                        .formatted(MODEL))));

        // what evaluation does with it: the deployment name as model on the resource's v1 chat endpoint
        var chat = new ChatClient(new ChatClient.Settings(api.baseUrl() + API, "azure-test", polls.get(3)
                .fineTunedModel(), 0.0, false, Duration.ofSeconds(5)));
        assertThat(chat.chat(null, "How do I reset my password?").text()).isEqualTo("Open settings.");
        api.verify(postRequestedFor(urlEqualTo(API + "/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer azure-test"))
                .withRequestBody(matchingJsonPath("$.model", equalTo(JOB))));
    }

    @Test
    void aDeploymentAzureCannotProvisionFailsTheJobWithItsReason() {
        api.stubFor(get(API + "/fine_tuning/jobs/" + JOB).willReturn(okJson(job(JOB, "succeeded", "job-1/1",
                "\"fine_tuned_model\": \"" + MODEL + "\""))));
        api.stubFor(get(urlPathEqualTo(DEPLOYMENTS + JOB)).willReturn(okJson(deployment(JOB, MODEL, "Failed"))));

        ProviderJob failed = provider.get(JOB);

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).isEqualTo(new JobError("deployment_failed", "Azure could not deploy " + MODEL
                + " as " + JOB + " (provisioningState Failed)"));
    }

    @Test
    void refusalsOfBothApisAreClearAndNotRetried() {
        api.stubFor(post(API + "/fine_tuning/jobs").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"error": {"code": "invalidPayload", "message": "The specified base model does not support \
                        fine-tuning.", "param": null, "type": null}}""")));
        api.stubFor(get(API + "/fine_tuning/jobs/" + JOB).willReturn(okJson(job(JOB, "succeeded", "job-1/1",
                "\"fine_tuned_model\": \"" + MODEL + "\""))));
        api.stubFor(get(urlPathEqualTo(DEPLOYMENTS + JOB)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(armError("DeploymentNotFound", "none"))));
        api.stubFor(put(urlPathEqualTo(DEPLOYMENTS + JOB)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(armError("InsufficientQuota",
                        "This operation require 1 new capacity in quota Tokens Per Minute (thousands) - gpt-4.1-mini"
                                + " - finetune, which is bigger than the current available capacity 0."))));

        ProviderException create = catchThrowableOfType(ProviderException.class, () -> provider.create(
                new SubmitRequest("gpt-2", "file-1", null, Hyperparameters.ALL_AUTO, null, null, "job-1/1")));
        ProviderException deploy = catchThrowableOfType(ProviderException.class, () -> provider.get(JOB));

        assertThat(create.retryable()).isFalse();
        assertThat(create.code()).isEqualTo("invalidPayload");
        assertThat(create.getMessage())
                .isEqualTo("Azure OpenAI answered 400: The specified base model does not support fine-tuning.");
        assertThat(deploy.retryable()).isFalse();
        assertThat(deploy.code()).isEqualTo("InsufficientQuota");
        assertThat(deploy.getMessage()).startsWith("Azure OpenAI management answered 400: This operation require");
    }

    @Test
    void rateLimitsAndServerErrorsAreRetryable() {
        api.stubFor(post(API + "/fine_tuning/jobs").willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "12").withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"code\": \"429\", \"message\": \"Requests to the Create fine-tuning job"
                        + " Operation have exceeded the rate limit of your current tier.\"}}")));
        api.stubFor(get(API + "/fine_tuning/jobs/" + JOB).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"code\": \"InternalServerError\", \"message\": \"Internal server error\"}}")));

        ProviderException limited = catchThrowableOfType(ProviderException.class, () -> provider.create(
                new SubmitRequest("gpt-4.1-mini-2025-04-14", "f", null, Hyperparameters.ALL_AUTO, null, null, "k")));
        ProviderException broken = catchThrowableOfType(ProviderException.class, () -> provider.get(JOB));

        assertThat(limited.retryable()).isTrue();
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(12));
        assertThat(broken.retryable()).isTrue();
        assertThat(broken.code()).isEqualTo("InternalServerError");
    }

    @Test
    void cancelsAndFindsThroughTheOpenAiApi() {
        api.stubFor(post(API + "/fine_tuning/jobs/" + JOB + "/cancel").willReturn(okJson(job(JOB, "cancelled",
                "job-1/1", null))));
        api.stubFor(get(urlPathEqualTo(API + "/fine_tuning/jobs"))
                .withQueryParam("metadata[tunepipe_submission]", equalTo("job-1/1"))
                .willReturn(okJson(list(job(JOB, "running", "job-1/1", null)))));

        assertThat(provider.cancel(JOB).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(provider.find("job-1/1")).map(ProviderJob::id).contains(JOB);
        api.verify(getRequestedFor(urlPathEqualTo(API + "/fine_tuning/jobs")).withHeader("api-key",
                equalTo("azure-test")));
    }

    static String deployment(String name, String model, String state) {
        return """
                {"id": "/subscriptions/sub-1/resourceGroups/rg-tunepipe/providers/Microsoft.CognitiveServices/\
                accounts/tunepipe-aoai/deployments/%s", "type": "Microsoft.CognitiveServices/accounts/deployments",
                 "name": "%s", "sku": {"name": "Standard", "capacity": 1},
                 "properties": {"model": {"format": "OpenAI", "name": "%s", "version": "1"},
                   "versionUpgradeOption": "NoAutoUpgrade", "provisioningState": "%s",
                   "rateLimits": [{"key": "request", "renewalPeriod": 10, "count": 1}]},
                 "systemData": {"createdBy": "ops@acme.example", "createdAt": "2026-11-17T18:40:00Z"},
                 "etag": "\\"c3a0d9b1\\""}""".formatted(name, name, model, state);
    }

    static String armError(String code, String message) {
        return "{\"error\": {\"code\": \"" + code + "\", \"message\": \"" + message + "\"}}";
    }
}
