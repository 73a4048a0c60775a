package io.tunepipe.console.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.tunepipe.rest.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.util.Set;

/**
 * Runs before authentication on every request: refuses a state-changing request that another site could have sent
 * (foreign {@code Origin} or {@code Sec-Fetch-Site}, or without the header only the console's own script sends), and
 * turns the session cookie into the bearer token that quarkus-oidc checks.
 */
@ApplicationScoped
public class BrowserGuard {

    /** The cookie that keeps the signed-in user's token (HttpOnly, SameSite=Strict). */
    public static final String COOKIE = "tunepipe_token";
    /** The header the console's script sends with every state-changing call; a cross-site form cannot send it. */
    public static final String SCRIPT_HEADER = "X-Requested-By";
    public static final String SCRIPT_HEADER_VALUE = "tunepipe-console";

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    void register(@Observes Filters filters) {
        // between CORS and authentication, so that a cross-site request is refused whatever it carries
        filters.register(this::guard, (SecurityHandlerPriorities.CORS + SecurityHandlerPriorities.AUTHENTICATION) / 2);
    }

    private void guard(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!SAFE.contains(request.method())) {
            String refusal = crossSiteRefusal(request);
            if (refusal != null) {
                context.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .end(Json.encode(Problem.of(403, refusal, request.path())));
                return;
            }
        }
        var cookie = request.getCookie(COOKIE);
        if (cookie != null && !request.headers().contains(HttpHeaders.AUTHORIZATION)) {
            request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + cookie.getValue());
        }
        context.next();
    }

    private static String crossSiteRefusal(HttpServerRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin")) {
            return "A " + fetchSite + " request may not change anything here.";
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !sameHost(origin, request.authority() == null ? null : request.authority().toString())) {
            return "Requests from " + origin + " may not change anything here.";
        }
        if (!SCRIPT_HEADER_VALUE.equals(request.getHeader(SCRIPT_HEADER))) {
            return "State-changing calls need the header " + SCRIPT_HEADER + ": " + SCRIPT_HEADER_VALUE + ".";
        }
        return null;
    }

    private static boolean sameHost(String origin, String host) {
        try {
            String authority = URI.create(origin).getAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
