package io.tunepipe.contracts;

import java.util.List;

/** A fine-tuned model has been scored beside its base model. */
public record EvaluationCompleted(EventMetadata metadata, String evaluationId, String jobId, String datasetId,
        List<ModelScores> scores, Verdict verdict) implements TunepipeEvent {

    public static final String TYPE = "io.tunepipe.evaluation.completed";

    public EvaluationCompleted {
        scores = List.copyOf(scores);
    }

    @Override
    public String key() {
        return datasetId;
    }
}
