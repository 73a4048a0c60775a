package io.tunepipe.contracts;

/**
 * Scores of one model on the held-out questions; shares are between 0 and 1.
 *
 * @param role                  {@link #BASE}, {@link #RETRIEVAL} or {@link #FINE_TUNED}
 * @param accuracy              share of in-scope held-out questions (whose answer was trained) answered right
 * @param inScopeRefusalRate    share of in-scope questions (whose answer was trained) the model refused
 * @param outOfScopeRefusalRate share of out-of-scope probes the model refused; null when there were none
 */
public record ModelScores(String model, String role, int questions, int errors, double exactMatch, double tokenF1,
        double semanticSimilarity, double dontKnowRate, double accuracy, double inScopeRefusalRate,
        Double outOfScopeRefusalRate) {

    public static final String BASE = "base";
    public static final String RETRIEVAL = "base+retrieval";
    public static final String FINE_TUNED = "fine-tuned";
}
