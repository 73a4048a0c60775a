package io.tunepipe.console.rest;

import io.tunepipe.rest.Problem;
import io.tunepipe.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Passes the page's requests on to a service, with the signed-in user's token, and its answer back (status, body,
 * and its type when it is the one expected), so the page talks to one origin and the services need not be reachable
 * from the browser.
 */
@ApplicationScoped
public class ServiceProxy {

    @Inject
    JsonWebToken caller;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public HttpResponse<byte[]> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public HttpResponse<byte[]> post(String url, String contentType, InputStream body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)));
    }

    public HttpResponse<byte[]> post(String url, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * The service's answer as this service's answer, when its type is {@code expected} or a problem; any other type
     * is not passed on (a page could be made to render what a service should not have sent).
     */
    public static Response relay(HttpResponse<byte[]> answer, String expected) {
        MediaType type = answer.headers().firstValue("Content-Type").map(ServiceProxy::mediaType).orElse(null);
        if (type == null || !(type.isCompatible(MediaType.valueOf(expected))
                || type.isCompatible(MediaType.valueOf(Problem.MEDIA_TYPE)))) {
            throw new ProblemException(502, "A service answered " + answer.statusCode() + " with "
                    + (type == null ? "no content type" : type.getType() + "/" + type.getSubtype()) + " where "
                    + expected + " was expected.");
        }
        return Response.status(answer.statusCode()).type(type).entity(answer.body()).build();
    }

    private static MediaType mediaType(String header) {
        try {
            return MediaType.valueOf(header);
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        request.header("Authorization", "Bearer " + caller.getRawToken());
        URI uri = request.build().uri();
        try {
            return http.send(request.timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ProblemException(502, "The service at " + uri.getScheme() + "://"
                    + uri.getAuthority() + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, "The console is stopping.");
        }
    }
}
