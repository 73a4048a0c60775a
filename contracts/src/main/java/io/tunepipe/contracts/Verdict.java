package io.tunepipe.contracts;

/**
 * The decision on a fine-tuned model, from paired right/wrong answers on the same held-out questions: promoted only
 * when it answers significantly more questions right than its base and not significantly fewer than its base with
 * retrieval over the same training data.
 *
 * @param outcome         PROMOTED, HELD (with the reason) or FAILED (the evaluation could not run; the reason says why)
 * @param reason          one sentence a person can act on
 * @param metric          what makes one answer right: exact_match, similar_answer or judge
 * @param delta           fine-tuned minus base accuracy, between -1 and 1
 * @param pValue          exact two-sided McNemar p-value of fine-tuned against base
 * @param retrievalDelta  fine-tuned minus base-with-retrieval accuracy; null when no retrieval baseline ran
 * @param retrievalPValue exact two-sided McNemar p-value of fine-tuned against base with retrieval; null likewise
 * @param beatsRetrieval  whether the fine-tuned model is significantly better than base with retrieval
 */
public record Verdict(Outcome outcome, String reason, String metric, double delta, double pValue,
        Double retrievalDelta, Double retrievalPValue, boolean beatsRetrieval) {

    /** What became of the fine-tuned model. */
    public enum Outcome { PROMOTED, HELD, FAILED }

    public boolean promoted() {
        return outcome == Outcome.PROMOTED;
    }

    /** The verdict of an evaluation that could not run. */
    public static Verdict failed(String reason) {
        return new Verdict(Outcome.FAILED, reason, null, 0, 1, null, null, false);
    }
}
