package io.tunepipe.console;

import io.tunepipe.contracts.DatasetAugmented;
import io.tunepipe.contracts.DatasetIngested;
import io.tunepipe.contracts.EvaluationCompleted;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.JobError;
import io.tunepipe.contracts.JobStatus;
import io.tunepipe.contracts.ModelScores;
import io.tunepipe.contracts.SplitCounts;
import io.tunepipe.contracts.TrainingJobStatusChanged;
import io.tunepipe.contracts.Verdict;

import java.util.List;
import java.util.Map;

/** The events one dataset's run puts on the wire, as the four services write them. */
public final class PipelineEvents {

    private PipelineEvents() {
    }

    public static DatasetIngested ingested(String datasetId) {
        return new DatasetIngested(EventMetadata.create("ingest-service", datasetId), datasetId, "faq.csv", "hash",
                172, new SplitCounts(90, 37, 45), Map.of("EMPTY_ANSWER", 2L), 3, 1, 1);
    }

    public static DatasetAugmented augmented(String datasetId) {
        return new DatasetAugmented(EventMetadata.create("augment-service", datasetId), datasetId, "offline", 1, 400,
                310, Map.of("TOO_CLOSE", 90L));
    }

    public static TrainingJobStatusChanged job(String jobId, String datasetId, JobStatus status) {
        boolean succeeded = status == JobStatus.SUCCEEDED;
        return new TrainingJobStatusChanged(EventMetadata.create("training-service", jobId), jobId, datasetId, "local",
                "local-" + jobId, "local-minilm", status, succeeded ? "local-minilm:ft:1" : null,
                succeeded ? 5000L : null,
                status == JobStatus.FAILED ? new JobError("invalid_file", "the training file is empty") : null,
                succeeded ? "local-minilm:rag:1" : null);
    }

    /** A promoted model: it beats its base and its base with retrieval, both significantly. */
    public static EvaluationCompleted evaluated(String evaluationId, String jobId, String datasetId) {
        return completed(evaluationId, jobId, datasetId, threeScores(0.62), new Verdict(Verdict.Outcome.PROMOTED,
                "fine-tuned beats base by 60.0 points and base with retrieval by 9.1 points", "exact_match", 0.6,
                1e-12, 0.091, 0.012, true));
    }

    /** A held model: better than its base, but not significantly better than retrieval with no training. */
    public static EvaluationCompleted held(String evaluationId, String jobId, String datasetId, String reason) {
        return completed(evaluationId, jobId, datasetId, threeScores(0.70), new Verdict(Verdict.Outcome.HELD,
                reason, "exact_match", 0.6, 1e-12, 0.011, 0.81, false));
    }

    /** An evaluation that could not run: no scores, the reason in the verdict. */
    public static EvaluationCompleted evaluationFailed(String evaluationId, String jobId, String datasetId,
            String reason) {
        return completed(evaluationId, jobId, datasetId, List.of(), Verdict.failed(reason));
    }

    private static List<ModelScores> threeScores(double retrievalAccuracy) {
        return List.of(
                new ModelScores("local-minilm", ModelScores.BASE, 45, 0, 0, 0.02, 0.3, 1.0, 0.111, 1.0, 1.0),
                new ModelScores("local-minilm:rag:1", ModelScores.RETRIEVAL, 45, 0, 0.6, 0.7, 0.85, 0.04,
                        retrievalAccuracy, 0.05, 0.2),
                new ModelScores("local-minilm:ft:1", ModelScores.FINE_TUNED, 45, 0, 0.71, 0.8, 0.9, 0.02, 0.711,
                        0.025, 0.8));
    }

    private static EvaluationCompleted completed(String evaluationId, String jobId, String datasetId,
            List<ModelScores> scores, Verdict verdict) {
        return new EvaluationCompleted(EventMetadata.create("eval-service", datasetId), evaluationId, jobId, datasetId,
                scores, verdict);
    }
}
