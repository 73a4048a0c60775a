package io.tunepipe.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;

/** Answers every exception a resource lets out as an RFC 9457 problem; nothing else builds an error body. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return answer(new Problem("about:blank", e.title(), e.status(), e.getMessage(), path(uri)), null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, uri);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            LOG.errorf(e, "%s answered %d", path(uri), status);
        }
        return answer(Problem.of(status, e.getMessage(), path(uri)), original);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String reason = root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage();
        return answer(Problem.of(400, "the request body is not valid: " + reason, path(uri)), null);
    }

    /** Declared apart so it takes precedence over Quarkus' built-in mapper for this subtype. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response invalid(IllegalArgumentException e, UriInfo uri) {
        return answer(Problem.of(400, e.getMessage(), path(uri)), null);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        SQLException data = dataException(e);
        if (data != null) {
            return answer(Problem.of(400, "a value of the request cannot be stored: " + data.getMessage().lines()
                    .findFirst().orElse(""), path(uri)), null);
        }
        LOG.errorf(e, "%s failed unexpectedly", path(uri));
        return answer(Problem.of(500, "The server could not complete the request; the failure is logged.", path(uri)),
                null);
    }

    /**
     * The SQL error of class 22 (data exception: a NUL byte in text, a number out of range, a string too long)
     * behind {@code e}, if any: the database refused a value that came with the request.
     */
    private static SQLException dataException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return sql;
            }
        }
        return null;
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }

    /** The problem as the answer; headers of the original answer (such as Allow or Retry-After) are kept. */
    private static Response answer(Problem problem, Response original) {
        Response.ResponseBuilder builder = original == null ? Response.status(problem.status())
                : Response.fromResponse(original).status(problem.status());
        return builder.type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
