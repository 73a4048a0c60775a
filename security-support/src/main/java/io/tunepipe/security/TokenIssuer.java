package io.tunepipe.security;

import io.smallrye.jwt.build.Jwt;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

/**
 * Signs bearer tokens with a local key: a subject and its role in the {@code groups} claim, where quarkus-oidc looks.
 */
public final class TokenIssuer {

    /** The {@code iss} of every local token; the services started by {@code tunepipe up} accept only this issuer. */
    public static final String ISSUER = "tunepipe-local";

    private final PrivateKey key;

    public TokenIssuer(PrivateKey key) {
        this.key = key;
    }

    /** A signed JWT (RS256) for {@code subject} with {@code role}, valid for {@code ttl}. */
    public String issue(String subject, String role, Duration ttl) {
        if (!Set.of(Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN).contains(role)) {
            throw new IllegalArgumentException("unknown role '" + role + "': viewer, operator or admin");
        }
        return Jwt.issuer(ISSUER).subject(subject).upn(subject).groups(role).expiresIn(ttl).sign(key);
    }
}
