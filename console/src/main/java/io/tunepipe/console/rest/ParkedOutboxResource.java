package io.tunepipe.console.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.tunepipe.console.config.ConsoleConfig;
import io.tunepipe.rest.ProblemException;
import io.tunepipe.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outbox rows each service parked after too many failed sends, as the data of its readiness check "outbox"
 * (messaging-support's ParkedOutboxCheck) tells them, for the ops page.
 */
@Path("/api/outbox/parked")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ParkedOutboxResource {

    private static final String CHECK = "outbox";
    private static final String PARKED = "parked";

    /** One service's parked rows: how many, the oldest few described, or why the service could not tell. */
    public record ServiceParked(String service, long parked, List<String> rows, String problem) {
    }

    @Inject
    ConsoleConfig config;
    @Inject
    ServiceProxy proxy;
    @Inject
    ObjectMapper json;

    @GET
    @Blocking
    public List<ServiceParked> parked() {
        List<ServiceParked> all = new ArrayList<>();
        for (Map.Entry<String, String> service : config.services().byName().entrySet()) {
            all.add(parked(service.getKey(), service.getValue()));
        }
        return all;
    }

    private ServiceParked parked(String service, String url) {
        JsonNode health;
        try {
            health = json.readTree(proxy.get(url + "/q/health/ready").body());
        } catch (ProblemException | IOException e) {
            return new ServiceParked(service, 0, List.of(), "unreachable");
        }
        for (JsonNode check : health.path("checks")) {
            if (CHECK.equals(check.path("name").asText())) {
                JsonNode data = check.path("data");
                List<String> rows = new ArrayList<>();
                data.fields().forEachRemaining(f -> {
                    if (f.getKey().startsWith(PARKED + ".")) {
                        rows.add(f.getValue().asText());
                    }
                });
                return new ServiceParked(service, data.path(PARKED).asLong(), rows, null);
            }
        }
        return new ServiceParked(service, 0, List.of(), "no outbox check");
    }
}
