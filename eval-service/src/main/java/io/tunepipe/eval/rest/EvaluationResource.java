package io.tunepipe.eval.rest;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.tunepipe.contracts.ModelScores;
import io.tunepipe.contracts.Verdict;
import io.tunepipe.eval.report.ComparisonRow;
import io.tunepipe.eval.report.EvaluationReport;
import io.tunepipe.eval.repository.AnswerRepository;
import io.tunepipe.eval.repository.Evaluation;
import io.tunepipe.eval.repository.EvaluationRepository;
import io.tunepipe.eval.scoring.ModelSummary;
import io.tunepipe.eval.scoring.QuestionResult;
import io.tunepipe.eval.service.EvaluationRecorder;
import io.tunepipe.eval.service.EvaluationService;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Evaluations over HTTP: start one on demand, read reports as JSON or as a page, compare a dataset's runs. */
@Path("/evaluations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class EvaluationResource {

    @Inject
    EvaluationService evaluations;
    @Inject
    EvaluationRecorder recorder;
    @Inject
    AnswerRepository answers;
    @Inject
    EvaluationRepository stored;
    @Inject
    @Location("report.html")
    Template reportPage;
    @Inject
    @Location("comparison.html")
    Template comparisonPage;
    @Context
    UriInfo uri;

    /**
     * An evaluation in a list: status, progress and verdict, without the per-question rows; {@code promoted} is
     * null until the verdict and kept for older clients.
     */
    public record Listing(String id, String jobId, String datasetId, String provider, String baseModel,
            String retrievalModel, String fineTunedModel, String status, String reason, int questions,
            Integer answeredSoFar, Boolean promoted, Verdict verdict, List<ModelSummary> models,
            java.time.Instant createdAt, java.time.Instant completedAt) {
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Evaluate a fine-tuned model against its base and its base with retrieval on a dataset's"
            + " test split")
    public Response start(EvaluationService.Request request) {
        if (request == null || blank(request.datasetId()) || blank(request.provider()) || blank(request.baseModel())
                || blank(request.fineTunedModel())) {
            throw new ProblemException(400,
                    "datasetId, provider, baseModel and fineTunedModel are all required.");
        }
        Evaluation e = evaluations.request(request);
        return Response.accepted(listing(e)).location(uri.getBaseUriBuilder().path("evaluations").path(e.id).build())
                .build();
    }

    @GET
    @Transactional
    @Operation(summary = "List evaluations, optionally of one dataset")
    public List<Listing> list(@QueryParam("datasetId") String datasetId) {
        List<Evaluation> found = datasetId == null ? stored.newestFirst() : stored.ofDataset(datasetId);
        return found.stream().map(this::listing).toList();
    }

    @GET
    @Path("/{id}")
    @Transactional
    @Operation(summary = "An evaluation's report: summaries, verdict, flips and every question with the three answers")
    public EvaluationReport get(@PathParam("id") String id) {
        return report(find(id));
    }

    @GET
    @Path("/{id}/report")
    @Produces(MediaType.TEXT_HTML)
    @Transactional
    @Operation(summary = "The report as a page: base, base with retrieval and fine-tuned, the verdict, then every"
            + " question, wrong first")
    public TemplateInstance page(@PathParam("id") String id) {
        Evaluation e = find(id);
        return reportPage.data("report", report(e)).data("evaluation", listing(e));
    }

    @GET
    @Path("/compare")
    @Produces(MediaType.TEXT_HTML)
    @Transactional
    @Operation(summary = "All evaluations of a dataset side by side")
    public TemplateInstance compare(@QueryParam("datasetId") String datasetId) {
        if (blank(datasetId)) {
            throw new ProblemException(400, "The datasetId query parameter is required.");
        }
        return comparisonPage.data("datasetId", datasetId).data("evaluations", stored.ofDataset(datasetId)
                .stream().map(e -> ComparisonRow.of(e, recorder.summaries(e))).toList());
    }

    private EvaluationReport report(Evaluation e) {
        Map<String, List<QuestionResult>> byRole = new LinkedHashMap<>();
        for (String role : List.of(ModelScores.BASE, ModelScores.RETRIEVAL, ModelScores.FINE_TUNED)) {
            byRole.put(role, answers.answers(e.id, role));
        }
        return EvaluationReport.of(e, recorder.summaries(e), recorder.comparisons(e), byRole);
    }

    private Listing listing(Evaluation e) {
        var soFar = evaluations.answeredSoFar(e.id);
        Verdict verdict = e.verdict();
        return new Listing(e.id, e.jobId, e.datasetId, e.provider, e.baseModel, e.retrievalModel, e.fineTunedModel,
                e.status.name(), e.reason, e.questions, soFar.isPresent() ? soFar.getAsInt() : null,
                verdict == null ? null : verdict.promoted(), verdict, recorder.summaries(e), e.createdAt,
                e.completedAt);
    }

    private Evaluation find(String id) {
        Evaluation e = stored.findById(id);
        if (e == null) {
            throw new ProblemException(404, "No evaluation with id " + id + ".");
        }
        return e;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
