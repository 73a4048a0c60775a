package io.tunepipe.console.board;

import io.tunepipe.contracts.ModelScores;
import io.tunepipe.contracts.Verdict;

import java.time.Instant;
import java.util.List;

/**
 * A finished evaluation: the scores of base, base with retrieval and fine-tuned (fewer when a model could not be
 * asked, none when the evaluation failed) and the verdict.
 */
public record EvaluationCard(String id, String jobId, String datasetId, List<ModelScores> scores, Verdict verdict,
        Instant completedAt) {
}
