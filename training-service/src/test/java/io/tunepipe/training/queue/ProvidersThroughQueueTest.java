package io.tunepipe.training.queue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.messaging.BatchLedgerRepository;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.messaging.work.WorkLoop;
import io.tunepipe.messaging.work.WorkQueue;
import io.tunepipe.training.WireMockTestResource;
import io.tunepipe.training.provider.ProviderRegistry;
import io.tunepipe.training.repository.TrainingJobRepository;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.tunepipe.training.OpenAiShapes.job;
import static io.tunepipe.training.OpenAiShapes.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Azure OpenAI, Together AI and Fireworks AI through the queue against WireMock: an instance killed between the
 * create call and the recording of its answer leaves the job to be found by the instance that takes it over, never
 * submitted twice; rate limits and server errors on create are retried with backoff until the job succeeds.
 */
@QuarkusTest
class ProvidersThroughQueueTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final WireMockServer api = WireMockTestResource.server();

    @Inject
    ExampleRepository examples;
    @Inject
    BatchLedgerRepository ledger;
    @Inject
    WorkLoop loop;
    @Inject
    WorkQueue work;
    @Inject
    TrainingWork training;
    @Inject
    JobQueue queue;
    @Inject
    TrainingJobRepository jobs;
    @Inject
    ProviderRegistry providers;

    @BeforeEach
    void reset() {
        api.resetAll();
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void aWorkerKilledAfterTheCreateAnswerLeavesTheJobToBeFoundNotResubmitted(Provider provider) throws Exception {
        provider.succeeding(api);
        String id;
        loop.stop(); // so that the doomed instance claims the job first
        try {
            id = newJob(provider);
            await().atMost(Duration.ofSeconds(30)).until(() -> QueueFixtures.status(id) == JobStatus.PREPARING);
            DyingInstance.dieHolding(id, work, training, providers.find(provider.id).orElseThrow(),
                    "after-create");
            api.verify(1, provider.creations());
            assertThat(QueueFixtures.stored(id).providerJobId).as("the answer was never recorded").isNull();
            String created = api.findAll(provider.creations()).get(0).getBodyAsString();
            provider.listing.apply(JSON.readTree(created)).forEach(api::stubFor);
        } finally {
            loop.start();
        }

        QueueFixtures.awaitFinal(id);

        assertThat(QueueFixtures.status(id)).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(QueueFixtures.stored(id).providerJobId).isNotNull();
        assertThat(QueueFixtures.stored(id).fineTunedModel).isNotBlank();
        api.verify(1, provider.creations());
        assertThat(transitions(id)).startsWith(JobStatus.QUEUED, JobStatus.PREPARING, JobStatus.SUBMITTED)
                .endsWith(JobStatus.SUCCEEDED);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void rateLimitsAndServerErrorsOnCreateAreRetriedWithBackoffUntilTheJobSucceeds(Provider provider) {
        provider.succeeding(api);
        api.stubFor(provider.create.get().atPriority(1).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("overloaded").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"rate_limit\"}}")));
        api.stubFor(provider.create.get().atPriority(1).inScenario("busy").whenScenarioStateIs("overloaded")
                .willSetStateTo("fine").willReturn(aResponse().withStatus(503).withBody("upstream overloaded")));
        if (provider == Provider.FIREWORKS) {
            fireworksKnowsNoJobUntilTheThirdCreate();
        }
        String id = newJob(provider);

        QueueFixtures.awaitFinal(id);

        assertThat(QueueFixtures.status(id)).isEqualTo(JobStatus.SUCCEEDED);
        api.verify(3, provider.creations());
        assertThat(QueueFixtures.stored(id).attempts).as("reset once the provider answered").isZero();
    }

    /** Asked before each new attempt, Fireworks finds no job by the id until one was created. */
    private void fireworksKnowsNoJobUntilTheThirdCreate() {
        api.stubFor(Provider.FIREWORKS.create.get().atPriority(1).inScenario("busy").whenScenarioStateIs("fine")
                .willSetStateTo("created").willReturn(okJson(ProviderStandIns.FIREWORKS_CREATED)));
        for (String state : List.of(Scenario.STARTED, "overloaded", "fine")) {
            api.stubFor(get(urlPathMatching("/fireworks/v1/accounts/acme/supervisedFineTuningJobs/[^/:]+"))
                    .atPriority(1).inScenario("busy").whenScenarioStateIs(state).willReturn(aResponse()
                            .withStatus(404).withHeader("Content-Type", "application/json")
                            .withBody("{\"code\": 5, \"message\": \"job not found\", \"details\": []}")));
        }
    }

    private String newJob(Provider provider) {
        String ds = QueueFixtures.readyDataset(examples, ledger, 10);
        return queue.create(new JobSpec(ds, provider.id, null, null, null, "faq"), null).id;
    }

    private List<JobStatus> transitions(String id) {
        return QuarkusTransaction.requiringNew().call(() -> jobs.transitions(id).stream().map(t -> t.toStatus)
                .toList());
    }

    /** A provider's stand-in where every job succeeds, and what it lists once a job was created. */
    enum Provider {
        AZURE("azure-openai", "/azure/openai/v1/fine_tuning/jobs", created -> List.of(
                get(urlPathEqualTo("/azure/openai/v1/fine_tuning/jobs")).withQueryParam(
                        "metadata[tunepipe_submission]", equalTo(created.at("/metadata/tunepipe_submission").asText()))
                        .willReturn(okJson(list(job("ftjob-" + created.at("/metadata/tunepipe_submission").asText(),
                                "running", created.at("/metadata/tunepipe_submission").asText(), null)))))),
        TOGETHER("together", "/together/v1/fine-tunes", created -> List.of(get("/together/v1/fine-tunes")
                .willReturn(okJson("{\"data\": [{\"id\": \"ft-" + created.get("suffix").asText() + "\","
                        + " \"status\": \"running\", \"model_output_name\": \"acme/Llama-3.1-8B-"
                        + created.get("suffix").asText() + "-9f1c\"}]}")))),
        FIREWORKS("fireworks", "/fireworks/v1/accounts/acme/supervisedFineTuningJobs", created -> List.of());

        final String id;
        final String createPath;
        final Function<com.fasterxml.jackson.databind.JsonNode, List<MappingBuilder>> listing;
        final java.util.function.Supplier<MappingBuilder> create;

        Provider(String id, String createPath,
                Function<com.fasterxml.jackson.databind.JsonNode, List<MappingBuilder>> listing) {
            this.id = id;
            this.createPath = createPath;
            this.listing = listing;
            this.create = () -> post(urlPathEqualTo(createPath));
        }

        RequestPatternBuilder creations() {
            return postRequestedFor(urlPathEqualTo(createPath));
        }

        void succeeding(WireMockServer api) {
            switch (this) {
                case AZURE -> ProviderStandIns.azure(api);
                case TOGETHER -> ProviderStandIns.together(api);
                case FIREWORKS -> ProviderStandIns.fireworks(api);
            }
        }
    }
}
