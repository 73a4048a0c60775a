package io.tunepipe.augment.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.augment.repository.AugmentationRun;
import io.tunepipe.augment.repository.AugmentationRunRepository;
import io.tunepipe.augment.service.AugmentationService;
import io.tunepipe.augment.service.Paraphrasers;
import io.tunepipe.augment.service.RunConflictException;
import io.tunepipe.augment.service.RunTallies;
import io.tunepipe.rest.ProblemException;
import io.tunepipe.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Augmentation runs over HTTP: list, status with counts and a sample of kept paraphrases, and (re)runs. */
@Path("/augmentations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class AugmentationResource {

    @Inject
    AugmentationService service;
    @Inject
    AugmentationRunRepository stored;
    @Inject
    RunTallies tallies;
    @Inject
    Paraphrasers paraphrasers;
    @Inject
    ObjectMapper json;

    /**
     * A run as the API shows it. {@code progress} is processed / total (1 when there is nothing to paraphrase);
     * {@code failedByReason} counts questions the paraphraser could not paraphrase.
     */
    public record RunView(String datasetId, String status, String paraphraser, int attempt, long total,
            long processed, double progress, long generated, long kept, Map<String, Long> rejectedByReason,
            Map<String, Long> failedByReason, int batches, JsonNode sample, String reason, Instant updatedAt) {
    }

    /** The body of a (re)run request; every field optional. */
    public record RunRequest(String paraphraser) {
    }

    /** The paraphrasers this instance offers. */
    public record ParaphrasersView(String defaultParaphraser, List<String> available) {
    }

    @GET
    @Transactional
    @Operation(summary = "All augmentation runs, newest first")
    public List<RunView> list() {
        return stored.newestFirst().stream().map(this::view).toList();
    }

    @GET
    @Path("/paraphrasers")
    @Operation(summary = "The paraphrasers a run may ask for, and the default one")
    public ParaphrasersView paraphrasers() {
        return new ParaphrasersView(paraphrasers.defaultName(), paraphrasers.available());
    }

    @GET
    @Path("/{datasetId}")
    @Transactional
    @Operation(summary = "One dataset's augmentation: progress, counts by outcome and a sample of kept paraphrases")
    @APIResponse(responseCode = "200", description = "The run")
    @APIResponse(responseCode = "404", description = "No run for this dataset (yet)")
    public RunView get(@PathParam("datasetId") String datasetId) {
        AugmentationRun run = stored.findById(datasetId);
        if (run == null) {
            throw new ProblemException(404, "No augmentation of dataset " + datasetId
                    + " (it starts once all of the dataset is ingested).");
        }
        return view(run);
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{datasetId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Paraphrase a completely ingested dataset again, with the chosen paraphraser (default: the"
            + " configured one); its earlier paraphrases are replaced")
    @APIResponse(responseCode = "202", description = "The run, queued")
    @APIResponse(responseCode = "400", description = "Unknown or unavailable paraphraser")
    @APIResponse(responseCode = "404", description = "The dataset is not (completely) ingested here")
    @APIResponse(responseCode = "409", description = "The dataset is being augmented now")
    public Response run(@PathParam("datasetId") String datasetId,
            @RequestBody(required = false) RunRequest request) {
        try {
            AugmentationRun run = service.rerun(datasetId, request == null ? null : request.paraphraser())
                    .orElseThrow(() -> new ProblemException(404, "Dataset " + datasetId
                            + " is not completely ingested here."));
            return Response.accepted(view(run)).build();
        } catch (RunConflictException e) {
            throw new ProblemException(409, e.getMessage());
        }
    }

    private RunView view(AugmentationRun run) {
        JsonNode sample;
        try {
            sample = run.sample == null ? json.createArrayNode() : json.readTree(run.sample);
        } catch (IOException e) {
            sample = json.createArrayNode();
        }
        double progress = run.total == 0 ? (run.status == AugmentationRun.Status.DONE ? 1 : 0)
                : Math.min(1, (double) run.processed / run.total);
        return new RunView(run.datasetId, run.status.name(), run.paraphraser, run.attempt, run.total, run.processed,
                progress, run.generated, run.kept, tallies.rejected(run), tallies.failed(run), run.batches, sample,
                run.reason, run.updatedAt);
    }
}
