package io.tunepipe.training.queue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tunepipe.contracts.Topics;
import io.tunepipe.localstack.KafkaProbe;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.messaging.BatchLedgerRepository;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.training.WireMockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.tunepipe.security.TestTokens.asOperator;
import static io.tunepipe.training.OpenAiShapes.error;
import static org.assertj.core.api.Assertions.assertThat;

/** A provider's error quoting the key it was given never reaches the job record, the events or the logs. */
@QuarkusTest
class SecretsTest {

    private static final String KEY_PART = "FAKEk3yPart0123456789abcdef";

    private final WireMockServer api = WireMockTestResource.server();
    private final KafkaProbe kafka = LocalStackTestResource.stack().probe();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            logged.add(format.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @Inject
    ExampleRepository examples;
    @Inject
    BatchLedgerRepository ledger;

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void aProviderErrorQuotingTheKeyIsStoredPublishedAndLoggedRedacted() {
        QueueFixtures.succeedingOpenAi(api);
        api.stubFor(post("/v1/files").willReturn(aResponse().withStatus(401).withHeader("Content-Type",
                "application/json").withBody(error("invalid_request_error", "invalid_api_key",
                "Incorrect API key provided: sk-proj-" + KEY_PART + ". You can find your API key at"
                        + " https://platform.openai.com/account/api-keys. (Authorization: Bearer sk-proj-" + KEY_PART
                        + ")"))));
        String ds = QueueFixtures.readyDataset(examples, ledger, 10);
        String id = asOperator().contentType(ContentType.JSON)
                .body("{\"datasetId\": \"" + ds + "\", \"provider\": \"openai\"}")
                .post("/jobs").then().statusCode(201).extract().path("id");

        QueueFixtures.awaitFinal(id);

        String record = asOperator().get("/jobs/" + id).then().statusCode(200).extract().asString();
        assertThat(record).contains("FAILED", "invalid_api_key", "[redacted]").doesNotContain(KEY_PART);
        var events = kafka.await(Topics.TRAINING_JOB_STATUSES, r -> r.key().equals(id)
                && r.value().contains("\"status\":\"FAILED\""), 1, Duration.ofSeconds(30));
        assertThat(events.get(0).value()).contains("[redacted]").doesNotContain(KEY_PART);
        assertThat(logged).anySatisfy(line -> assertThat(line).contains(id));
        assertThat(logged).noneSatisfy(line -> assertThat(line).contains(KEY_PART));
    }
}
