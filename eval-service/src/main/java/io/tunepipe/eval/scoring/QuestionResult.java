package io.tunepipe.eval.scoring;

/**
 * One held-out question put to one model, with the scores of its answer; {@code error} is set (and the scores are
 * zero) when the model could not be asked.
 *
 * @param rewording   true when the question is a rewording of another (not the canonical wording)
 * @param probe       true for an out-of-scope probe: its reference answer is not the answer of any training example
 * @param judgeChoice the LLM judge's fact-rubric choice (A to E); null without a judge or when it failed
 * @param right       whether the answer counts as right by the evaluation's {@link AnswerRule}
 */
public record QuestionResult(String exampleId, String question, String reference, boolean rewording, boolean probe,
        String answer, String error, long latencyMillis, boolean exactMatch, double tokenF1, double similarity,
        boolean dontKnow, Integer inputTokens, Integer outputTokens, String judgeChoice, Double judgeScore,
        boolean right) {

    public boolean failed() {
        return error != null;
    }

    public QuestionResult withRight(boolean isRight) {
        return new QuestionResult(exampleId, question, reference, rewording, probe, answer, error, latencyMillis,
                exactMatch, tokenF1, similarity, dontKnow, inputTokens, outputTokens, judgeChoice, judgeScore, isRight);
    }
}
