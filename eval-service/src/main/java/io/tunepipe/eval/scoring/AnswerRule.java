package io.tunepipe.eval.scoring;

import java.util.List;

/**
 * What makes one answer right. An out-of-scope probe is right only when refused; an in-scope question is right by
 * the chosen metric: {@code exact_match} (the normalised answer equals the reference), {@code similar_answer}
 * (embedding similarity reaches the threshold) or {@code judge} (the LLM judge finds the same facts or a consistent
 * superset). A refusal or a failed question is never right in scope.
 */
public record AnswerRule(String metric, double similarityThreshold) {

    public static final String EXACT_MATCH = "exact_match";
    public static final String SIMILAR_ANSWER = "similar_answer";
    public static final String JUDGE = "judge";
    public static final List<String> METRICS = List.of(EXACT_MATCH, SIMILAR_ANSWER, JUDGE);
    /** Fact-rubric scores from here up (B superset, C same, E equally factual) count as right; A, a subset, not. */
    private static final double JUDGE_RIGHT = 0.5;

    public AnswerRule {
        if (!METRICS.contains(metric)) {
            throw new IllegalArgumentException("unknown verdict metric '" + metric + "': use one of " + METRICS);
        }
    }

    public boolean right(QuestionResult r) {
        if (r.failed()) {
            return false;
        }
        if (r.probe()) {
            return r.dontKnow();
        }
        if (r.dontKnow()) {
            return false;
        }
        return switch (metric) {
            case EXACT_MATCH -> r.exactMatch();
            case SIMILAR_ANSWER -> r.similarity() >= similarityThreshold;
            default -> r.judgeScore() != null && r.judgeScore() >= JUDGE_RIGHT;
        };
    }

    /** The results with their right/wrong set by this rule. */
    public List<QuestionResult> mark(List<QuestionResult> results) {
        return results.stream().map(r -> r.withRight(right(r))).toList();
    }
}
