package io.tunepipe.console.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.tunepipe.console.security.BrowserGuard;
import io.tunepipe.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;
import java.util.List;

/**
 * Signing in to the console: the page sends a token once as a bearer token; once verified it is kept in an HttpOnly,
 * SameSite=Strict cookie that the browser sends with every later call, and the console passes it on to the services.
 */
@Path("/api/session")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class SessionResource {

    /** Who is signed in, with their roles (the mapped ones included). */
    public record Caller(String name, List<String> roles) {
    }

    @Inject
    SecurityIdentity identity;
    @Inject
    JsonWebToken token;

    @GET
    public Caller caller() {
        return new Caller(identity.getPrincipal().getName(), identity.getRoles().stream().sorted().toList());
    }

    @POST
    public Response signIn(@Context UriInfo uri) {
        long seconds = Math.max(0, token.getExpirationTime() - Instant.now().getEpochSecond());
        return Response.ok(caller()).cookie(cookie(token.getRawToken(), (int) Math.min(seconds, Integer.MAX_VALUE),
                uri)).build();
    }

    @DELETE
    @PermitAll
    public Response signOut(@Context UriInfo uri) {
        return Response.noContent().cookie(cookie("", 0, uri)).build();
    }

    private static NewCookie cookie(String value, int maxAge, UriInfo uri) {
        return new NewCookie.Builder(BrowserGuard.COOKIE).value(value).path("/").maxAge(maxAge).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).secure("https".equals(uri.getRequestUri().getScheme())).build();
    }
}
