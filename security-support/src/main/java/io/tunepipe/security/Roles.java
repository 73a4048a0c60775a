package io.tunepipe.security;

/**
 * The three roles of tunepipe's REST APIs: {@code viewer} reads, {@code operator} also uploads, cancels, retries and
 * evaluates, {@code admin} may do everything (the hierarchy is {@code quarkus.http.auth.roles-mapping} in this
 * module's {@code META-INF/microprofile-config.properties}).
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
