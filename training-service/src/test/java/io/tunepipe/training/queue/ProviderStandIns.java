package io.tunepipe.training.queue;

import com.github.tomakehurst.wiremock.WireMockServer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.tunepipe.training.OpenAiShapes.file;
import static io.tunepipe.training.OpenAiShapes.job;
import static io.tunepipe.training.OpenAiShapes.list;

/** Azure OpenAI, Together AI and Fireworks AI stand-ins where every job succeeds, in their documented shapes. */
final class ProviderStandIns {

    private static final int GENERIC = QueueFixtures.GENERIC;

    /** Fireworks' answer to a create: the job under the id asked for. */
    static final String FIREWORKS_CREATED = """
            {"name": "accounts/acme/supervisedFineTuningJobs/{{request.query.supervisedFineTuningJobId}}",
             "state": "JOB_STATE_CREATING", "status": {"code": "OK", "message": ""},
             "outputModel": "accounts/acme/models/{{request.query.supervisedFineTuningJobId}}"}""";

    private ProviderStandIns() {
    }

    /** Jobs get an id from their submission key, succeed when asked, and deploy at once. */
    static void azure(WireMockServer api) {
        String v1 = "/azure/openai/v1";
        api.stubFor(post(v1 + "/files").atPriority(GENERIC)
                .willReturn(okJson(file("file-{{randomValue length=12 type='ALPHANUMERIC'}}", "data.jsonl"))));
        api.stubFor(post(v1 + "/fine_tuning/jobs").atPriority(GENERIC).willReturn(okJson(job(
                "ftjob-{{jsonPath request.body '$.metadata.tunepipe_submission'}}", "pending",
                "{{jsonPath request.body '$.metadata.tunepipe_submission'}}", null))));
        api.stubFor(get(urlPathMatching(v1 + "/fine_tuning/jobs/ftjob-[^/]+")).atPriority(GENERIC).willReturn(okJson(
                job("{{request.pathSegments.[5]}}", "succeeded", "unused",
                        "\"fine_tuned_model\": \"gpt-4.1-mini-2025-04-14.ft-{{request.pathSegments.[5]}}\","
                                + " \"trained_tokens\": 1234"))));
        api.stubFor(get(urlPathMatching(v1 + "/fine_tuning/jobs/[^/]+/(events|checkpoints)")).atPriority(GENERIC)
                .willReturn(okJson(list())));
        api.stubFor(get(urlPathEqualTo(v1 + "/fine_tuning/jobs")).atPriority(GENERIC).willReturn(okJson(list())));
        String deployments = "/arm/subscriptions/sub-1/resourceGroups/rg-tunepipe/providers/"
                + "Microsoft.CognitiveServices/accounts/tunepipe-aoai/deployments/[^/]+";
        api.stubFor(get(urlPathMatching(deployments)).atPriority(GENERIC).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"code\": \"DeploymentNotFound\", \"message\": \"not found\"}}")));
        api.stubFor(put(urlPathMatching(deployments)).atPriority(GENERIC).willReturn(okJson("""
                {"name": "{{request.pathSegments.[9]}}", "sku": {"name": "Standard", "capacity": 1},
                 "properties": {"model": {"format": "OpenAI",
                   "name": "{{jsonPath request.body '$.properties.model.name'}}", "version": "1"},
                   "provisioningState": "Succeeded"}}""")));
    }

    /** Jobs are named after their suffix and complete when asked. */
    static void together(WireMockServer api) {
        String v1 = "/together/v1";
        api.stubFor(post(v1 + "/files/upload").atPriority(GENERIC).willReturn(okJson("""
                {"id": "file-{{randomValue length=12 type='ALPHANUMERIC'}}", "object": "file", "created_at": 1715021438,
                 "filename": "data.jsonl", "bytes": 2664, "purpose": "fine-tune"}""")));
        api.stubFor(post(v1 + "/fine-tunes").atPriority(GENERIC).willReturn(okJson("""
                {"id": "ft-{{jsonPath request.body '$.suffix'}}", "status": "pending", "user_id": "u1",
                 "model_output_name": "acme/Llama-3.1-8B-{{jsonPath request.body '$.suffix'}}-9f1c"}""")));
        api.stubFor(get(urlPathMatching(v1 + "/fine-tunes/ft-[^/]+")).atPriority(GENERIC).willReturn(okJson("""
                {"id": "{{request.pathSegments.[3]}}", "status": "completed", "user_id": "u1", "token_count": 1234,
                 "model_output_name": "acme/Llama-3.1-8B-{{request.pathSegments.[3]}}-9f1c", "events": []}""")));
        api.stubFor(get(urlPathMatching(v1 + "/fine-tunes/[^/]+/(events|checkpoints)")).atPriority(GENERIC)
                .willReturn(okJson("{\"data\": []}")));
        api.stubFor(get(urlPathEqualTo(v1 + "/fine-tunes")).atPriority(GENERIC).willReturn(okJson("{\"data\": []}")));
    }

    /** Datasets are accepted, jobs keep the id asked for and complete when asked; models load serverless. */
    static void fireworks(WireMockServer api) {
        String account = "/fireworks/v1/accounts/acme";
        api.stubFor(post(account + "/datasets").atPriority(GENERIC).willReturn(okJson("{\"state\": \"UPLOADING\"}")));
        api.stubFor(post(urlPathMatching(account + "/datasets/[^/]+:upload")).atPriority(GENERIC)
                .willReturn(okJson("{\"object\": \"file\"}")));
        api.stubFor(post(urlPathEqualTo(account + "/supervisedFineTuningJobs")).atPriority(GENERIC)
                .willReturn(okJson(FIREWORKS_CREATED)));
        api.stubFor(get(urlPathMatching(account + "/supervisedFineTuningJobs/[^/:]+")).atPriority(GENERIC)
                .willReturn(okJson("""
                        {"name": "accounts/acme/supervisedFineTuningJobs/{{request.pathSegments.[5]}}",
                         "state": "JOB_STATE_COMPLETED", "status": {"code": "OK", "message": ""},
                         "outputModel": "accounts/acme/models/{{request.pathSegments.[5]}}",
                         "jobProgress": {"percent": 100, "epoch": 3, "inputTokens": 1234}}""")));
        api.stubFor(post(account + "/deployedModels").atPriority(GENERIC)
                .willReturn(okJson("{\"state\": \"DEPLOYED\"}")));
    }
}
