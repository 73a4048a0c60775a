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
        return new TrainingJobStatusChanged(EventMetadata.create("training-service", jobId), jobId, datasetId, "local",
                "local-" + jobId, "local-minilm", status, status == JobStatus.SUCCEEDED ? "local-minilm:ft:1" : null,
                status == JobStatus.SUCCEEDED ? 5000L : null,
                status == JobStatus.FAILED ? new JobError("invalid_file", "the training file is empty") : null);
    }

    public static EvaluationCompleted evaluated(String evaluationId, String jobId, String datasetId) {
        return new EvaluationCompleted(EventMetadata.create("eval-service", datasetId), evaluationId, jobId, datasetId,
                List.of(new ModelScores("local-minilm", "base", 45, 0, 0, 0.02, 0.3, 1.0),
                        new ModelScores("local-minilm:ft:1", "fine-tuned", 45, 0, 0.89, 0.9, 0.95, 0.02)),
                new Verdict(true, "token_f1", 0.05, 0.88));
    }
}
