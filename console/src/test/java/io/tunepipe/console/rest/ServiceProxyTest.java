package io.tunepipe.console.rest;

import io.tunepipe.rest.ProblemException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A service's answer is relayed with its content type only when that type is the one the page expects. */
class ServiceProxyTest {

    @Test
    void theExpectedTypeAndProblemsAreRelayedWithTheirStatus() {
        Response json = ServiceProxy.relay(answer(200, "application/json;charset=UTF-8"), MediaType.APPLICATION_JSON);
        assertThat(json.getStatus()).isEqualTo(200);
        assertThat(json.getMediaType().toString()).startsWith("application/json");
        Response problem = ServiceProxy.relay(answer(404, "application/problem+json"), MediaType.APPLICATION_JSON);
        assertThat(problem.getStatus()).isEqualTo(404);
        assertThat(problem.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat(ServiceProxy.relay(answer(200, "text/html"), MediaType.TEXT_HTML).getMediaType().toString())
                .isEqualTo("text/html");
    }

    @Test
    void anyOtherTypeIsABadGatewayNotAPassThrough() {
        for (String type : List.of("text/html", "image/svg+xml", "application/javascript", "not a type")) {
            assertThatThrownBy(() -> ServiceProxy.relay(answer(200, type), MediaType.APPLICATION_JSON))
                    .isInstanceOf(ProblemException.class).hasMessageContaining("was expected");
        }
        assertThatThrownBy(() -> ServiceProxy.relay(answer(200, null), MediaType.APPLICATION_JSON))
                .hasMessageContaining("no content type");
    }

    private static HttpResponse<byte[]> answer(int status, String type) {
        HttpHeaders headers = HttpHeaders.of(type == null ? Map.of() : Map.of("Content-Type", List.of(type)),
                (name, value) -> true);
        return new HttpResponse<>() {
            public int statusCode() {
                return status;
            }

            public HttpHeaders headers() {
                return headers;
            }

            public byte[] body() {
                return "{}".getBytes();
            }

            public HttpRequest request() {
                return HttpRequest.newBuilder(uri()).build();
            }

            public Optional<HttpResponse<byte[]>> previousResponse() {
                return Optional.empty();
            }

            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            public URI uri() {
                return URI.create("http://127.0.0.1:9/");
            }

            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }
}
