package io.tunepipe.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem-details body ({@code application/problem+json}): the one error shape of every tunepipe API. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

    /** The media type of a problem-details body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem of no more specific type than its status ({@code about:blank}), titled by the status' phrase. */
    public static Problem of(int status, String detail, String instance) {
        return new Problem("about:blank", title(status), status, detail, instance);
    }

    static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }
}
