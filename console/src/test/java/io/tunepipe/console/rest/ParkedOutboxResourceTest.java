package io.tunepipe.console.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tunepipe.localstack.LocalStackTestResource;
import org.junit.jupiter.api.Test;

import static io.tunepipe.security.TestTokens.asOperator;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;

/** The parked outbox rows of each service; in the test profile no service answers. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ParkedOutboxResourceTest {

    @Test
    void eachServiceIsListedAndOneThatDoesNotAnswerSaysSo() {
        asOperator().get("/api/outbox/parked").then().statusCode(200)
                .body("service", contains("ingest-service", "augment-service", "training-service", "eval-service"))
                .body("problem", everyItem(equalTo("unreachable")))
                .body("parked", everyItem(equalTo(0)));
    }

    @Test
    void onlyASignedInUserSeesThem() {
        given().get("/api/outbox/parked").then().statusCode(401);
    }
}
