package io.tunepipe.training.queue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tunepipe.messaging.BatchLedgerRepository;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.training.WireMockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.tunepipe.security.TestTokens.asOperator;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** A job whose base model has an announced shutdown date carries it over REST; one without carries none. */
@QuarkusTest
class OpenAiDatesJobTest {

    private final WireMockServer api = WireMockTestResource.server();

    @Inject
    ExampleRepository examples;
    @Inject
    BatchLedgerRepository ledger;

    @BeforeEach
    void openAi() {
        QueueFixtures.succeedingOpenAi(api);
    }

    @Test
    void aJobOnABaseModelWithAShutdownDateIsFlagged() {
        api.stubFor(get("/v1/models/gpt-4o-mini-2024-07-18").willReturn(okJson("""
                {"id": "gpt-4o-mini-2024-07-18", "object": "model", "created": 1721172741, "owned_by": "system",
                 "shutdown_date": "2027-01-14"}""")));
        api.stubFor(get("/v1/models/gpt-4.1-mini-2025-04-14").willReturn(okJson("""
                {"id": "gpt-4.1-mini-2025-04-14", "object": "model", "created": 1744318173, "owned_by": "system"}""")));

        String flagged = runJob("gpt-4o-mini-2024-07-18");
        String unflagged = runJob("gpt-4.1-mini-2025-04-14");

        asOperator().get("/jobs/" + flagged).then().statusCode(200)
                .body("job.status", equalTo("SUCCEEDED"))
                .body("job.baseModelShutdownDate", equalTo("2027-01-14"));
        asOperator().get("/jobs?provider=openai").then().statusCode(200)
                .body("find { it.id == '" + flagged + "' }.baseModelShutdownDate", equalTo("2027-01-14"));
        asOperator().get("/jobs/" + unflagged).then().statusCode(200)
                .body("job.status", equalTo("SUCCEEDED"))
                .body("job.baseModelShutdownDate", nullValue());
    }

    private String runJob(String baseModel) {
        String ds = QueueFixtures.readyDataset(examples, ledger, 10);
        String id = asOperator().contentType(ContentType.JSON)
                .body("{\"datasetId\": \"" + ds + "\", \"provider\": \"openai\", \"baseModel\": \"" + baseModel + "\"}")
                .post("/jobs").then().statusCode(201).extract().path("id");
        QueueFixtures.awaitFinal(id);
        return id;
    }
}
