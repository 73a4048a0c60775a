package io.tunepipe.training.queue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.messaging.BatchLedgerRepository;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.tunepipe.security.TestTokens.onlyOperatorsMay;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.oneOf;

/**
 * Who may call training-service over real HTTP: operators create, cancel and retry jobs, viewers read and estimate,
 * and the OpenAI-compatible API takes its key as OpenAI clients send it ({@code Authorization: Bearer}).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class AccessTest {

    @Inject
    ExampleRepository examples;
    @Inject
    BatchLedgerRepository ledger;

    @Test
    void onlyOperatorsCreateCancelAndRetryJobs() {
        String ds = QueueFixtures.arrivingDataset(examples, ledger, 12); // its job stays queued
        String job = onlyOperatorsMay(r -> r.contentType(ContentType.JSON)
                .body("{\"datasetId\": \"" + ds + "\", \"provider\": \"openai\"}").post("/jobs"))
                .statusCode(201).extract().path("id");
        onlyOperatorsMay(r -> r.post("/jobs/" + job + "/cancel")).statusCode(202).body("status", is("CANCELLED"));
        onlyOperatorsMay(r -> r.post("/jobs/" + job + "/retry")).statusCode(oneOf(202, 409));
    }

    @Test
    void viewersReadAndEstimate() {
        given().get("/jobs").then().statusCode(401);
        TestTokens.as(Roles.VIEWER).get("/jobs").then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"datasetId\": \"none\"}").post("/jobs/estimate").then()
                .statusCode(401);
        TestTokens.as(Roles.VIEWER).contentType(ContentType.JSON).body("{\"datasetId\": \"none\"}")
                .post("/jobs/estimate").then().statusCode(oneOf(200, 400, 404, 409));
    }

    @Test
    void theChatApiWantsABearerKey() {
        String chat = "{\"model\":\"local-minilm\",\"messages\":[{\"role\":\"user\",\"content\":\"Who is Jonny?\"}]}";
        given().contentType(ContentType.JSON).body(chat).post("/v1/chat/completions").then().statusCode(401);
        given().get("/v1/models").then().statusCode(401);
        given().auth().oauth2("sk-not-a-token").contentType(ContentType.JSON).body(chat)
                .post("/v1/chat/completions").then().statusCode(401);
        TestTokens.as(Roles.VIEWER).contentType(ContentType.JSON).body(chat).post("/v1/chat/completions").then()
                .statusCode(200);
    }
}
