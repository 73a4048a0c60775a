package io.tunepipe.training.provider.together;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;

import java.io.File;
import java.util.List;
import java.util.Map;

/**
 * The part of Together AI's REST API that fine-tuning uses, with its JSON shapes; built by {@link TogetherProvider}.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface TogetherApi {

    @POST
    @Path("/files/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    FileObject upload(@RestForm String purpose, @RestForm("file_name") String fileName,
            @RestForm("file_type") String fileType,
            @RestForm("file") @PartType(MediaType.APPLICATION_OCTET_STREAM) File file);

    @POST
    @Path("/fine-tunes")
    @Consumes(MediaType.APPLICATION_JSON)
    FineTune create(CreateFineTune request);

    @GET
    @Path("/fine-tunes/{id}")
    FineTune get(@PathParam("id") String id);

    @GET
    @Path("/fine-tunes")
    Page<FineTune> list();

    @GET
    @Path("/fine-tunes/{id}/events")
    Page<Event> events(@PathParam("id") String id);

    @GET
    @Path("/fine-tunes/{id}/checkpoints")
    Page<Checkpoint> checkpoints(@PathParam("id") String id);

    @POST
    @Path("/fine-tunes/{id}/cancel")
    FineTune cancel(@PathParam("id") String id);

    /** The file object. */
    record FileObject(String id, String object, String filename, String purpose) {
    }

    /** The body of POST /fine-tunes; training_type is {"type": "Lora", lora_r, lora_alpha} or {"type": "Full"}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreateFineTune(String model, @JsonProperty("training_file") String trainingFile,
            @JsonProperty("validation_file") String validationFile, @JsonProperty("n_epochs") Integer nEpochs,
            @JsonProperty("n_evals") Integer nEvals, @JsonProperty("n_checkpoints") Integer nCheckpoints,
            @JsonProperty("batch_size") Object batchSize, @JsonProperty("learning_rate") Double learningRate,
            @JsonProperty("random_seed") Long randomSeed, String suffix,
            @JsonProperty("training_type") Map<String, Object> trainingType) {
    }

    /** A fine-tune job (FinetuneResponse; list answers carry the truncated form). */
    record FineTune(String id, String status, String model,
            @JsonProperty("model_output_name") String modelOutputName,
            @JsonProperty("token_count") Long tokenCount, List<Event> events) {
    }

    /** A fine-tune-event. */
    record Event(@JsonProperty("created_at") String createdAt, String level, String message, String type,
            Long step, @JsonProperty("total_steps") Long totalSteps,
            @JsonProperty("checkpoint_path") String checkpointPath, @JsonProperty("model_path") String modelPath) {
    }

    /** A checkpoint available for a fine-tuning job. */
    record Checkpoint(@JsonProperty("checkpoint_type") String checkpointType,
            @JsonProperty("created_at") String createdAt, String path, Long step,
            @JsonProperty("object_name") String objectName) {
    }

    /** A list answer: {"data": [...]}. */
    record Page<T>(List<T> data) {
    }
}
