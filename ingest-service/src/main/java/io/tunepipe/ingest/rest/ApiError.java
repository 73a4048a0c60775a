package io.tunepipe.ingest.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON body of every error answer: the HTTP status and a message a user can act on. */
public record ApiError(int status, String message) {

    static WebApplicationException of(Response.Status status, String message) {
        return new WebApplicationException(message, Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status.getStatusCode(), message))
                .build());
    }
}
