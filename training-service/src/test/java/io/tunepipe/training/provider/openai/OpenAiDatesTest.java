package io.tunepipe.training.provider.openai;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.training.MappedConfig;
import io.tunepipe.training.WireMockTestResource;
import io.tunepipe.training.preparation.Hyperparameters;
import io.tunepipe.training.provider.ProviderException;
import io.tunepipe.training.provider.SubmitRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.tunepipe.training.OpenAiShapes.error;
import static io.tunepipe.training.OpenAiShapes.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** OpenAI's dates: no new fine-tuning jobs from the cutoff on, and base models with an announced shutdown date. */
@QuarkusTest
@QuarkusTestResource(WireMockTestResource.class)
class OpenAiDatesTest {

    private static final String MODEL = "gpt-4o-mini-2024-07-18";

    private final WireMockServer api = WireMockTestResource.server();

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        api.resetAll();
    }

    @Test
    void fromTheCutoffOnNewJobsAreRefusedBeforeAnyCallNamingTheAlternatives() throws IOException {
        OpenAiProvider provider = providerOn("2027-01-06T00:00:00Z");
        Path jsonl = Files.writeString(dir.resolve("t.jsonl"), "{}\n");

        ProviderException onUpload = catchThrowableOfType(ProviderException.class, () -> provider.upload(jsonl));
        ProviderException onCreate = catchThrowableOfType(ProviderException.class, () -> provider.create(request()));

        for (ProviderException e : new ProviderException[] {onUpload, onCreate}) {
            assertThat(e.retryable()).isFalse();
            assertThat(e.code()).isEqualTo("new_jobs_closed");
            assertThat(e.getMessage()).contains("2027-01-06", "azure-openai", "together", "fireworks", "command",
                    "local");
        }
        assertThat(api.getAllServeEvents()).isEmpty();
    }

    @Test
    void theDayBeforeTheCutoffJobsAreStillCreated() {
        api.stubFor(post("/v1/fine_tuning/jobs").willReturn(okJson(job("ftjob-1", "validating_files", "job-1/1",
                null))));

        assertThat(providerOn("2027-01-05T23:59:59Z").create(request()).status())
                .isEqualTo(JobStatus.VALIDATING_FILES);
    }

    @Test
    void readsTheShutdownDateOfTheBaseModel() {
        OpenAiProvider provider = providerOn("2026-12-01T12:00:00Z");
        api.stubFor(get("/v1/models/" + MODEL).willReturn(okJson("""
                {"id": "%s", "object": "model", "created": 1721172741, "owned_by": "system",
                 "shutdown_date": "2027-01-14"}""".formatted(MODEL))));
        api.stubFor(get("/v1/models/gpt-5-mini").willReturn(okJson("""
                {"id": "gpt-5-mini", "object": "model", "created": 1754425777, "owned_by": "system",
                 "shutdown_date": null}""")));
        api.stubFor(get("/v1/models/gpt-2").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody(error("invalid_request_error", "model_not_found",
                        "The model `gpt-2` does not exist or you do not have access to it."))));
        api.stubFor(get("/v1/models/gpt-4.1-mini").willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody(error("server_error", null, "The server is overloaded."))));

        assertThat(provider.shutdownDate(MODEL)).contains(LocalDate.of(2027, 1, 14));
        assertThat(provider.shutdownDate("gpt-5-mini")).isEmpty();
        assertThat(provider.shutdownDate("gpt-2")).isEmpty();
        assertThat(catchThrowableOfType(ProviderException.class, () -> provider.shutdownDate("gpt-4.1-mini"))
                .retryable()).isTrue();
        api.verify(getRequestedFor(urlEqualTo("/v1/models/" + MODEL)));
    }

    /** The provider as configured by default (the real cutoff), calling the stand-in, on the given instant. */
    private OpenAiProvider providerOn(String instant) {
        OpenAiConfig config = MappedConfig.of(OpenAiConfig.class, Map.of(
                "tunepipe.training.openai.base-url", api.baseUrl() + "/v1",
                "tunepipe.training.openai.api-key", "sk-test"));
        return new OpenAiProvider(config, "OpenAI", Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    private static SubmitRequest request() {
        return new SubmitRequest(MODEL, "file-1", null, Hyperparameters.ALL_AUTO, null, null, "job-1/1");
    }
}
