package io.tunepipe.augment;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TestTokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.tunepipe.security.TestTokens.onlyOperatorsMay;

/** Who may call augment-service over real HTTP: operators start runs, viewers read. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class AccessTest {

    @Test
    void onlyOperatorsStartARun() {
        onlyOperatorsMay(r -> r.contentType(ContentType.JSON).body("{\"paraphraser\": \"offline\"}")
                .post("/augmentations/access-no-such-dataset")).statusCode(404);
    }

    @Test
    void viewersRead() {
        given().get("/augmentations").then().statusCode(401);
        TestTokens.as(Roles.VIEWER).get("/augmentations").then().statusCode(200);
        TestTokens.as(Roles.VIEWER).get("/augmentations/paraphrasers").then().statusCode(200);
    }
}
