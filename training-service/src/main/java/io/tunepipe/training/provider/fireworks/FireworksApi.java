package io.tunepipe.training.provider.fireworks;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import java.util.Map;

/** The part of Fireworks AI's gateway REST API that fine-tuning uses, with its JSON shapes. */
@Produces(MediaType.APPLICATION_JSON)
@Path("/accounts/{account}")
public interface FireworksApi {

    @POST
    @Path("/datasets")
    @Consumes(MediaType.APPLICATION_JSON)
    Map<String, Object> createDataset(@PathParam("account") String account, CreateDataset request);

    @POST
    @Path("/datasets/{dataset}:upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Map<String, Object> upload(@PathParam("account") String account, @PathParam("dataset") String dataset,
            @RestForm("file") @PartType(MediaType.APPLICATION_OCTET_STREAM) File file);

    @POST
    @Path("/supervisedFineTuningJobs")
    @Consumes(MediaType.APPLICATION_JSON)
    Job create(@PathParam("account") String account, @QueryParam("supervisedFineTuningJobId") String jobId,
            CreateJob request);

    @GET
    @Path("/supervisedFineTuningJobs/{job}")
    Job get(@PathParam("account") String account, @PathParam("job") String job);

    @POST
    @Path("/supervisedFineTuningJobs/{job}:cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    Map<String, Object> cancel(@PathParam("account") String account, @PathParam("job") String job,
            Map<String, Object> empty);

    @POST
    @Path("/deployedModels")
    @Consumes(MediaType.APPLICATION_JSON)
    Map<String, Object> deploy(@PathParam("account") String account, DeployModel request);

    /** The body of POST datasets: the id we choose and a user-uploaded dataset. */
    record CreateDataset(String datasetId, Dataset dataset) {
    }

    /** A dataset's settable fields. */
    record Dataset(String displayName, Long exampleCount, Map<String, Object> userUploaded) {
    }

    /** The body of POST supervisedFineTuningJobs (the job id goes in the query). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreateJob(String dataset, String displayName, String baseModel, String outputModel,
            String evaluationDataset, Integer epochs, Double learningRate, Integer loraRank,
            Integer batchSizeSamples) {
    }

    /** A supervised fine-tuning job; name is accounts/ACCOUNT/supervisedFineTuningJobs/ID. */
    record Job(String name, String state, Status status, String outputModel, String baseModel,
            JobProgress jobProgress) {
    }

    /** Google's status of a job: code (as a name, such as OK) and message. */
    record Status(String code, String message) {
    }

    /** How far the job is. */
    record JobProgress(Double percent, Integer epoch, Long inputTokens) {
    }

    /** The body of POST deployedModels: loads a LoRA model for serverless inference. */
    record DeployModel(String model, String displayName) {
    }
}
