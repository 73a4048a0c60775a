package io.tunepipe.augment.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.augment.repository.AugmentationRun;
import io.tunepipe.augment.service.AugmentationService;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Augmentation runs over HTTP: status with counts and a sample of kept paraphrases. */
@Path("/augmentations")
@Produces(MediaType.APPLICATION_JSON)
public class AugmentationResource {

    @Inject
    AugmentationService service;
    @Inject
    ObjectMapper json;

    /** A run as the API shows it. */
    public record RunView(String datasetId, String status, String paraphraser, long total, long processed,
            long generated, long kept, Map<String, Long> rejectedByReason, int batches, JsonNode sample,
            String reason, Instant updatedAt) {
    }

    /** The JSON body of an error answer. */
    public record ApiError(int status, String message) {
    }

    @GET
    @Transactional
    @Operation(summary = "All augmentation runs, newest first")
    public List<RunView> list() {
        return AugmentationRun.<AugmentationRun>find("order by createdAt desc").list().stream().map(this::view).toList();
    }

    @GET
    @Path("/{datasetId}")
    @Transactional
    @Operation(summary = "One dataset's augmentation: progress, counts by outcome and a sample of kept paraphrases")
    public RunView get(@PathParam("datasetId") String datasetId) {
        AugmentationRun run = AugmentationRun.findById(datasetId);
        if (run == null) {
            throw new WebApplicationException(Response.status(404).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(404, "No augmentation of dataset " + datasetId
                            + " (it starts once all of the dataset is ingested).")).build());
        }
        return view(run);
    }

    private RunView view(AugmentationRun run) {
        JsonNode sample;
        try {
            sample = run.sample == null ? json.createArrayNode() : json.readTree(run.sample);
        } catch (IOException e) {
            sample = json.createArrayNode();
        }
        return new RunView(run.datasetId, run.status.name(), run.paraphraser, run.total, run.processed,
                run.generated, run.kept, service.rejected(run), run.batches, sample, run.reason, run.updatedAt);
    }
}
