package io.tunepipe.console.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.tunepipe.console.board.Board;
import io.tunepipe.console.board.Snapshot;
import io.tunepipe.console.config.ConsoleConfig;
import io.tunepipe.rest.ProblemException;
import io.tunepipe.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The page's API: the board, live as server-sent events, and the actions it offers (upload a CSV, cancel or retry
 * a job, start an evaluation), passed on to the service that does them.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ConsoleResource {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

    @Inject
    Board board;
    @Inject
    BoardStream stream;
    @Inject
    ServiceProxy proxy;
    @Inject
    ConsoleConfig config;
    @Inject
    ObjectMapper json;

    @GET
    @Path("/board")
    public Snapshot board() {
        return board.snapshot();
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Snapshot> stream() {
        return stream.follow();
    }

    /** A CSV as the raw body; the query (name, force, column mapping) goes to ingest-service as it is. */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/datasets")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Blocking
    public Response upload(InputStream body, @Context UriInfo uri) throws IOException {
        String query = uri.getRequestUri().getRawQuery();
        HttpResponse<byte[]> answer = proxy.post(config.services().ingest() + "/datasets"
                + (query == null ? "" : "?" + query), "text/csv", body);
        if (answer.statusCode() / 100 == 2) {
            JsonNode dataset = json.readTree(answer.body());
            board.uploaded(dataset.path("id").asText(), dataset.path("name").asText(), Instant.now());
        }
        return ServiceProxy.relay(answer, MediaType.APPLICATION_JSON);
    }

    @GET
    @Path("/jobs/{id}")
    @Blocking
    public Response job(@PathParam("id") String id) {
        return ServiceProxy.relay(proxy.get(config.services().training() + "/jobs/" + checked(id)),
                MediaType.APPLICATION_JSON);
    }

    /** Cancels or retries a training job. */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/jobs/{id}/{action: cancel|retry}")
    @Blocking
    public Response steer(@PathParam("id") String id, @PathParam("action") String action) {
        return ServiceProxy.relay(proxy.post(config.services().training() + "/jobs/" + checked(id) + "/" + action,
                MediaType.APPLICATION_JSON, ""), MediaType.APPLICATION_JSON);
    }

    /** Starts an evaluation: datasetId, provider, baseModel and fineTunedModel as JSON. */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/evaluations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public Response evaluate(String request) {
        return ServiceProxy.relay(proxy.post(config.services().eval() + "/evaluations", MediaType.APPLICATION_JSON,
                request), MediaType.APPLICATION_JSON);
    }

    @GET
    @Path("/evaluations/{id}/report")
    @Produces(MediaType.TEXT_HTML)
    @Blocking
    public Response report(@PathParam("id") String id) {
        return ServiceProxy.relay(proxy.get(config.services().eval() + "/evaluations/" + checked(id) + "/report"),
                MediaType.TEXT_HTML);
    }

    private static String checked(String id) {
        if (!ID.matcher(id).matches()) {
            throw new ProblemException(400, "'" + id + "' is not an id.");
        }
        return id;
    }
}
