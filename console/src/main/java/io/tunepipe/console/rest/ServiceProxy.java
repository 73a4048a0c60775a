package io.tunepipe.console.rest;

import io.tunepipe.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Passes the page's requests on to a service and its answer back as it is (status, type, body), so the page talks
 * to one origin and the services need not be reachable from the browser.
 */
@ApplicationScoped
public class ServiceProxy {

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

    /** The service's answer as this service's answer. */
    public static Response relay(HttpResponse<byte[]> answer) {
        return Response.status(answer.statusCode())
                .type(answer.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_JSON))
                .entity(answer.body()).build();
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
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
