package io.tunepipe.training.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers every error as JSON {"status", "message"}. */
public class ErrorMapper {

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return error(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
        return error(400, "the request body is not valid: " + message);
    }

    @ServerExceptionMapper
    public Response invalid(IllegalArgumentException e) {
        return error(400, e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return badJson(json);
        }
        return error(e.getResponse().getStatus(), e.getMessage());
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(status, message)).build();
    }
}
