package io.tunepipe.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.util.KeyUtils;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TestTokens;
import io.tunepipe.security.TokenIssuer;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static io.tunepipe.security.TestTokens.onlyOperatorsMay;
import static org.hamcrest.Matchers.oneOf;

/** Who may call ingest-service over real HTTP: tokens checked by quarkus-oidc, roles by @RolesAllowed. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class AccessTest {

    private static final byte[] CSV = "question,answer\nWho built the whizbang?,Jonny.\n".getBytes();

    @Test
    void onlyOperatorsUpload() {
        onlyOperatorsMay(r -> r.contentType("text/csv").body(CSV).post("/datasets?name=access.csv"))
                .statusCode(oneOf(201, 202));
        onlyOperatorsMay(r -> r.multiPart("file", "access.csv", CSV, "text/csv").multiPart("force", "true")
                .post("/datasets")).statusCode(oneOf(201, 202));
    }

    @Test
    void viewersRead() {
        given().get("/datasets").then().statusCode(401);
        TestTokens.as(Roles.VIEWER).get("/datasets").then().statusCode(200);
        TestTokens.as(Roles.ADMIN).get("/datasets").then().statusCode(200);
        TestTokens.as(Roles.VIEWER).get("/datasets/no-such-dataset/rejected").then().statusCode(404);
    }

    @Test
    void aTokenSignedByAnotherKeyOrExpiredIsRefused() throws Exception {
        String forged = new TokenIssuer(KeyUtils.generateKeyPair(2048).getPrivate())
                .issue("mallory", Roles.ADMIN, Duration.ofHours(1));
        given().auth().oauth2(forged).get("/datasets").then().statusCode(401);
        given().auth().oauth2("not-a-token").get("/datasets").then().statusCode(401);
    }

    @Test
    void healthAndMetricsAreOpenTheRestOfQNeedsAToken() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(401);
        TestTokens.as(Roles.VIEWER).get("/q/openapi").then().statusCode(200);
    }
}
