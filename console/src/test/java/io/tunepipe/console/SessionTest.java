package io.tunepipe.console;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tunepipe.console.security.BrowserGuard;
import io.tunepipe.localstack.LocalStackTestResource;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/**
 * The console's sign-in and its guards over real HTTP: the token in a strict HttpOnly cookie, roles checked before
 * anything is passed on, cross-site requests refused, and a Content-Security-Policy on every page.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class SessionTest {

    private static final String CSV = "question,answer\nq,a\n";

    @Test
    void signingInKeepsTheTokenInAStrictHttpOnlyCookieThatThenSignsEveryCall() {
        Cookie cookie = fromScript(given().auth().oauth2(TestTokens.token(Roles.OPERATOR))).post("/api/session")
                .then().statusCode(200).body("name", equalTo("test-operator"))
                .body("roles", hasItems("operator", "viewer")).extract().detailedCookie(BrowserGuard.COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(cookie.getPath()).isEqualTo("/");

        given().cookie(cookie.getName(), cookie.getValue()).get("/api/board").then().statusCode(200);
        fromScript(given().cookie(cookie.getName(), cookie.getValue())).contentType("text/csv").body(CSV)
                .post("/api/datasets?name=x.csv").then().statusCode(502);
        fromScript(given().cookie(cookie.getName(), cookie.getValue())).delete("/api/session").then()
                .statusCode(204).cookie(BrowserGuard.COOKIE, "");
        given().cookie(BrowserGuard.COOKIE, "forged").get("/api/board").then().statusCode(401);
        given().get("/api/session").then().statusCode(401);
    }

    @Test
    void everyActionWantsAnOperatorAndViewersOnlyRead() {
        actions(r -> r).forEach(call -> call.then().statusCode(401));
        actions(r -> r.auth().oauth2(TestTokens.token(Roles.VIEWER))).forEach(call -> call.then().statusCode(403));
        // past the role check the console passes the call on; in this test no service answers
        actions(r -> r.auth().oauth2(TestTokens.token(Roles.OPERATOR))).forEach(call -> call.then().statusCode(502));
        given().get("/api/board").then().statusCode(401);
        TestTokens.as(Roles.VIEWER).get("/api/board").then().statusCode(200);
    }

    @Test
    void aFormPostedFromAnotherSiteIsRefusedEvenWithTheCookie() {
        String cookie = TestTokens.token(Roles.ADMIN);
        given().cookie(BrowserGuard.COOKIE, cookie).header("Origin", "https://evil.example")
                .contentType("text/plain").body(CSV).post("/api/datasets?name=evil.csv").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("https://evil.example"));
        given().cookie(BrowserGuard.COOKIE, cookie).header("Sec-Fetch-Site", "cross-site")
                .contentType("text/plain").body(CSV).post("/api/datasets?name=evil.csv").then().statusCode(403);
        given().header("Origin", "https://evil.example").contentType("text/plain").body(CSV)
                .post("/api/datasets?name=evil.csv").then().statusCode(403);
        // same site, but not the console's script: no custom header
        given().cookie(BrowserGuard.COOKIE, cookie).contentType("text/plain").body(CSV)
                .post("/api/datasets?name=x.csv").then().statusCode(403)
                .body("detail", containsString(BrowserGuard.SCRIPT_HEADER));
    }

    @Test
    void pagesCarryAContentSecurityPolicyAndTheRelayedReportASandbox() {
        given().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", not(containsString("sandbox")))
                .header("X-Content-Type-Options", "nosniff");
        TestTokens.as(Roles.VIEWER).get("/api/evaluations/ev-1/report").then()
                .header("Content-Security-Policy", containsString("sandbox allow-scripts"));
    }

    private static RequestSpecification fromScript(RequestSpecification request) {
        return request.header(BrowserGuard.SCRIPT_HEADER, BrowserGuard.SCRIPT_HEADER_VALUE);
    }

    /** Upload, cancel, retry and evaluate, as the page sends them, with {@code as} adding who sends them. */
    private static List<Response> actions(Function<RequestSpecification, RequestSpecification> as) {
        return List.of(
                as.apply(fromScript(given())).contentType("text/csv").body(CSV).post("/api/datasets?name=x.csv"),
                as.apply(fromScript(given())).post("/api/jobs/job-1/cancel"),
                as.apply(fromScript(given())).post("/api/jobs/job-1/retry"),
                as.apply(fromScript(given())).contentType("application/json").body("{}").post("/api/evaluations"));
    }
}
