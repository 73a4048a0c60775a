package io.tunepipe.contracts;

/**
 * Scores of one model on the held-out questions; shares are between 0 and 1.
 *
 * @param role "base" or "fine-tuned"
 */
public record ModelScores(String model, String role, int questions, int errors, double exactMatch, double tokenF1,
        double semanticSimilarity, double dontKnowRate) {
}
