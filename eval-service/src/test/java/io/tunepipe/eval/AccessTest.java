package io.tunepipe.eval;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TestTokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.tunepipe.security.TestTokens.onlyOperatorsMay;
import static org.hamcrest.Matchers.containsString;

/** Who may call eval-service over real HTTP: operators start evaluations, viewers read them and their reports. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class AccessTest {

    @Test
    void onlyOperatorsStartAnEvaluation() {
        onlyOperatorsMay(r -> r.contentType(ContentType.JSON).body("{\"datasetId\": \"access-ds\"}")
                .post("/evaluations")).statusCode(400).body("detail", containsString("required"));
    }

    @Test
    void viewersRead() {
        given().get("/evaluations").then().statusCode(401);
        given().get("/evaluations/no-such-evaluation/report").then().statusCode(401);
        TestTokens.as(Roles.VIEWER).get("/evaluations").then().statusCode(200);
        TestTokens.as(Roles.VIEWER).get("/evaluations/no-such-evaluation").then().statusCode(404);
    }
}
