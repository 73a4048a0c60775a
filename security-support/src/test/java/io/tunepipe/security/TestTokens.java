package io.tunepipe.security;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.util.KeyUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.function.Function;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;

/**
 * Tokens for tests, signed with the test key whose public half the test profile trusts
 * ({@code META-INF/microprofile-config.properties} of this test jar).
 */
public final class TestTokens {

    private static final TokenIssuer ISSUER = new TokenIssuer(privateKey());

    private TestTokens() {
    }

    /** A token with {@code role}, valid for an hour. */
    public static String token(String role) {
        return ISSUER.issue("test-" + role, role, Duration.ofHours(1));
    }

    /** A REST Assured request carrying an operator's token. */
    public static RequestSpecification asOperator() {
        return as(Roles.OPERATOR);
    }

    /** A REST Assured request carrying a token with {@code role}. */
    public static RequestSpecification as(String role) {
        return RestAssured.given().auth().oauth2(token(role));
    }

    /**
     * Sends a state-changing {@code call} without a token (401), as a viewer (403) and as an operator, whose answer
     * is returned: a success or the usual 4xx of a bad request, never 401, 403 or a 5xx.
     */
    public static ValidatableResponse onlyOperatorsMay(Function<RequestSpecification, Response> call) {
        call.apply(RestAssured.given()).then().statusCode(401);
        call.apply(as(Roles.VIEWER)).then().statusCode(403);
        return call.apply(asOperator()).then().statusCode(allOf(not(oneOf(401, 403)), lessThan(500)));
    }

    /** The test key's public half, as {@code QUARKUS_OIDC_PUBLIC_KEY} takes it, for a service started apart. */
    public static String publicKey() {
        return pem("public-key.pem").replaceAll("-----[A-Z ]+-----|\\s", "");
    }

    private static java.security.PrivateKey privateKey() {
        try {
            return KeyUtils.decodePrivateKey(pem("private-key.pem"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the test key is unreadable", e);
        }
    }

    private static String pem(String name) {
        try (InputStream in = TestTokens.class.getResourceAsStream("/test-keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the test key is unreadable", e);
        }
    }
}
