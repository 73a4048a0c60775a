package io.tunepipe.training.provider.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;

import java.io.File;
import java.util.List;
import java.util.Map;

/** The part of the OpenAI REST API that fine-tuning uses, with its JSON shapes; built by {@link OpenAiProvider}. */
@Produces(MediaType.APPLICATION_JSON)
public interface OpenAiApi {

    @POST
    @Path("/files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    FileObject upload(@RestForm String purpose,
            @RestForm("file") @PartType(MediaType.APPLICATION_OCTET_STREAM) File file);

    @POST
    @Path("/fine_tuning/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    JobObject create(CreateJob request);

    @GET
    @Path("/fine_tuning/jobs/{id}")
    JobObject get(@PathParam("id") String id);

    @GET
    @Path("/fine_tuning/jobs")
    Page<JobObject> list(@QueryParam("limit") int limit, @QueryParam("after") String after,
            @QueryParam("metadata[" + OpenAiProvider.SUBMISSION_KEY + "]") String submissionKey);

    @GET
    @Path("/fine_tuning/jobs/{id}/events")
    Page<EventObject> events(@PathParam("id") String id, @QueryParam("limit") int limit);

    @GET
    @Path("/fine_tuning/jobs/{id}/checkpoints")
    Page<CheckpointObject> checkpoints(@PathParam("id") String id, @QueryParam("limit") int limit);

    @POST
    @Path("/fine_tuning/jobs/{id}/cancel")
    JobObject cancel(@PathParam("id") String id);

    @GET
    @Path("/models/{model}")
    ModelObject model(@PathParam("model") String model);

    /** The file object. */
    record FileObject(String id, String object, Long bytes, @JsonProperty("created_at") Long createdAt,
            String filename, String purpose) {
    }

    /** The body of POST /fine_tuning/jobs; hyperparameters go inside the supervised method. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreateJob(String model, @JsonProperty("training_file") String trainingFile,
            @JsonProperty("validation_file") String validationFile, Map<String, Object> method, Long seed,
            String suffix, Map<String, String> metadata) {
    }

    /** The fine_tuning.job object. */
    record JobObject(String id, String object, String model, String status,
            @JsonProperty("fine_tuned_model") String fineTunedModel,
            @JsonProperty("trained_tokens") Long trainedTokens, ErrorObject error,
            @JsonProperty("user_provided_suffix") String userProvidedSuffix, Map<String, String> metadata,
            @JsonProperty("created_at") Long createdAt, @JsonProperty("finished_at") Long finishedAt) {
    }

    /** The error of a failed job, and the body of the error envelope. */
    record ErrorObject(String code, String message, String param, String type) {
    }

    /** The error envelope: {"error": {...}}. */
    record ErrorEnvelope(ErrorObject error) {
    }

    /** The fine_tuning.job.event object. */
    record EventObject(String id, String object, @JsonProperty("created_at") Long createdAt, String level,
            String message, String type, Map<String, Object> data) {
    }

    /** The fine_tuning.job.checkpoint object. */
    record CheckpointObject(String id, String object, @JsonProperty("created_at") Long createdAt,
            @JsonProperty("fine_tuned_model_checkpoint") String fineTunedModelCheckpoint,
            @JsonProperty("step_number") Long stepNumber, Map<String, Double> metrics,
            @JsonProperty("fine_tuning_job_id") String fineTuningJobId) {
    }

    /** The model object; {@code shutdown_date} (YYYY-MM-DD) is null or absent while none is announced. */
    record ModelObject(String id, String object, Long created, @JsonProperty("owned_by") String ownedBy,
            @JsonProperty("shutdown_date") String shutdownDate) {
    }

    /** A list answer: {"object": "list", "data": [...], "has_more": ...}. */
    record Page<T>(String object, List<T> data, @JsonProperty("has_more") Boolean hasMore) {
    }
}
