package io.tunepipe.console.board;

import io.tunepipe.contracts.ModelScores;
import io.tunepipe.contracts.Verdict;

import java.time.Instant;
import java.util.List;

/** A finished evaluation: base and fine-tuned scores and the verdict. */
public record EvaluationCard(String id, String jobId, String datasetId, List<ModelScores> scores, Verdict verdict,
        Instant completedAt) {
}
