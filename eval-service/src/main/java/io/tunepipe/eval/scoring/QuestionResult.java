package io.tunepipe.eval.scoring;

/**
 * One held-out question put to one model, with the scores of its answer; {@code error} is set (and the scores are
 * zero) when the model could not be asked.
 *
 * @param rewording   true when the question is a rewording of another (not the canonical wording)
 * @param judgeChoice the LLM judge's fact-rubric choice (A to E); null without a judge or when it failed
 */
public record QuestionResult(String exampleId, String question, String reference, boolean rewording, String answer,
        String error, long latencyMillis, boolean exactMatch, double tokenF1, double similarity, boolean dontKnow,
        Integer inputTokens, Integer outputTokens, String judgeChoice, Double judgeScore) {

    public boolean failed() {
        return error != null;
    }
}
