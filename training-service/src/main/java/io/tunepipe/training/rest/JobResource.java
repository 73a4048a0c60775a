package io.tunepipe.training.rest;

import io.tunepipe.contracts.JobStatus;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.rest.ProblemException;
import io.tunepipe.training.config.TrainingConfig;
import io.tunepipe.training.preparation.Hyperparameters;
import io.tunepipe.training.preparation.TrainingFiles;
import io.tunepipe.training.provider.ProviderChoice;
import io.tunepipe.training.provider.ProviderEvent;
import io.tunepipe.training.provider.ProviderRegistry;
import io.tunepipe.training.provider.TrainingProvider;
import io.tunepipe.training.queue.JobQueue;
import io.tunepipe.training.queue.JobSpec;
import io.tunepipe.training.repository.ProviderRecordRepository;
import io.tunepipe.training.repository.TrainingJob;
import io.tunepipe.training.repository.TrainingJobRepository;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fine-tuning jobs over REST: list, create, inspect, cancel, retry, and estimate before running. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs", description = "Fine-tuning jobs")
@RolesAllowed(Roles.VIEWER)
public class JobResource {

    @Inject
    JobQueue queue;
    @Inject
    TrainingJobRepository jobs;
    @Inject
    ProviderRecordRepository records;
    @Inject
    ProviderRegistry providers;
    @Inject
    TrainingConfig config;
    @Inject
    TrainingFiles files;
    @Inject
    ExampleRepository examples;

    @GET
    @Transactional
    @Operation(summary = "List jobs, newest first, optionally filtered by dataset, status and provider")
    public List<JobView> list(@QueryParam("datasetId") String datasetId,
            @Parameter(description = "QUEUED, PREPARING, SUBMITTED, VALIDATING_FILES, PROVIDER_QUEUED, RUNNING,"
                    + " SUCCEEDED, FAILED or CANCELLED") @QueryParam("status") String status,
            @QueryParam("provider") String provider) {
        return jobs.list(datasetId, status == null ? null : status(status), provider).stream()
                .map(JobView::of).toList();
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue a job for a dataset")
    @APIResponse(responseCode = "201", description = "Queued (or waiting for its provider, see statusDetail)")
    @APIResponse(responseCode = "400", description = "Invalid hyperparameters, suffix or unknown provider")
    @APIResponse(responseCode = "404", description = "No examples of the dataset here")
    public Response create(CreateJobRequest request) {
        JobSpec spec = spec(request);
        choice(spec.provider());
        if (examples.countBySplit(spec.datasetId()).isEmpty()) {
            throw new ProblemException(404, "dataset " + spec.datasetId() + " has no examples in training-service");
        }
        TrainingJob job = queue.create(spec, null);
        return Response.created(URI.create("/jobs/" + job.id)).entity(JobView.of(job)).build();
    }

    @GET
    @Path("/{id}")
    @Transactional
    @Operation(summary = "One job with its transitions, provider events, checkpoints and metrics")
    @APIResponse(responseCode = "404", description = "No such job")
    public JobDetail get(@PathParam("id") String id) {
        TrainingJob job = find(id);
        List<ProviderEvent> events = records.events(id);
        List<Map<String, Object>> metrics = new ArrayList<>(events.stream()
                .filter(e -> "metrics".equals(e.type()) && e.data() != null && !e.data().isEmpty())
                .map(ProviderEvent::data).toList());
        metrics.sort(Comparator.comparingDouble(m -> m.get("step") instanceof Number n ? n.doubleValue() : 0));
        return new JobDetail(JobView.of(job), jobs.transitions(id).stream()
                .map(t -> new JobDetail.Transition(t.fromStatus, t.toStatus, t.at, t.detail)).toList(),
                events, records.checkpoints(id), metrics);
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel a job; at once while queued, else at the provider by the instance holding it")
    @APIResponse(responseCode = "202", description = "Cancelled or cancel requested")
    @APIResponse(responseCode = "409", description = "The job has already finished")
    public Response cancel(@PathParam("id") String id) {
        try {
            TrainingJob job = queue.cancel(id);
            if (job == null) {
                throw notFound(id);
            }
            return Response.accepted(JobView.of(job)).build();
        } catch (IllegalStateException e) {
            throw new ProblemException(409, e.getMessage());
        }
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Queue a failed job again, as a new submission to its provider")
    @APIResponse(responseCode = "202", description = "Queued again")
    @APIResponse(responseCode = "409", description = "The job has not failed")
    public Response retry(@PathParam("id") String id) {
        try {
            TrainingJob job = queue.retry(id);
            if (job == null) {
                throw notFound(id);
            }
            return Response.accepted(JobView.of(job)).build();
        } catch (IllegalStateException e) {
            throw new ProblemException(409, e.getMessage());
        }
    }

    @POST
    @Path("/estimate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check a dataset's training data and estimate billed tokens, without creating a job")
    @APIResponse(responseCode = "404", description = "No examples of the dataset here")
    public Estimate estimate(CreateJobRequest request) {
        JobSpec spec = spec(request);
        ProviderChoice.Outcome choice = choice(spec.provider());
        if (examples.countBySplit(spec.datasetId()).isEmpty()) {
            throw new ProblemException(404, "dataset " + spec.datasetId() + " has no examples in training-service");
        }
        TrainingProvider provider = providers.find(choice.provider()).orElse(null);
        if (provider == null) {
            throw new ProblemException(409, choice.message());
        }
        provider.ranges().require(spec.hyperparameters(), provider.name());
        String baseModel = spec.baseModel() == null ? provider.defaultBaseModel() : spec.baseModel();
        TrainingFiles.Prepared prepared = files.prepare("estimate-" + UUID.randomUUID(), spec.datasetId(), baseModel,
                spec.hyperparameters(), provider.rules(baseModel));
        prepared.delete();
        return new Estimate(spec.datasetId(), provider.name(), baseModel, prepared.report());
    }

    private ProviderChoice.Outcome choice(String provider) {
        ProviderChoice.Outcome choice = ProviderChoice.of(providers, config.defaultProvider()).choose(provider);
        if (choice.kind() == ProviderChoice.Kind.UNKNOWN) {
            throw new ProblemException(400, choice.message());
        }
        return choice;
    }

    private static JobSpec spec(CreateJobRequest request) {
        if (request == null) {
            throw new ProblemException(400, "a JSON body with at least datasetId is required");
        }
        return new JobSpec(request.datasetId(), request.provider(), request.baseModel(),
                request.hyperparameters() == null ? Hyperparameters.ALL_AUTO : request.hyperparameters(),
                request.seed(), request.suffix());
    }

    private static JobStatus status(String value) {
        try {
            return JobStatus.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "unknown status '" + value + "'; one of "
                    + java.util.Arrays.toString(JobStatus.values()));
        }
    }

    private TrainingJob find(String id) {
        TrainingJob job = jobs.find(id);
        if (job == null) {
            throw notFound(id);
        }
        return job;
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(404, "no training job " + id);
    }
}
