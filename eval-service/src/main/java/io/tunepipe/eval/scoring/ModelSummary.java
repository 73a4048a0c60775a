package io.tunepipe.eval.scoring;

import io.tunepipe.contracts.ModelScores;

import java.util.ArrayList;
import java.util.List;

/**
 * The scores of one model over all held-out questions. Shares are between 0 and 1; questions that failed count
 * as wrong (zero scores) so a flaky endpoint cannot look better by skipping questions.
 *
 * @param similarAnswerShare  share of answers whose embedding similarity to the reference reaches the threshold
 * @param canonicalAccuracy   exact-match share on canonical questions (null when there are none)
 * @param rewordingAccuracy   exact-match share on rewordings of them (null when there are none)
 * @param judgeScore          mean fact-rubric score of the judged answers (null without a judge)
 */
public record ModelSummary(String model, String role, int questions, int errors, double exactMatch, double tokenF1,
        double semanticSimilarity, double similarAnswerShare, double dontKnowRate, long latencyP50Millis,
        long latencyP95Millis, long inputTokens, long outputTokens, Double canonicalAccuracy, Double rewordingAccuracy,
        Double judgeScore) {

    public static ModelSummary of(String model, String role, List<QuestionResult> results, double similarityThreshold) {
        int n = results.size();
        List<Long> latencies = new ArrayList<>();
        int errors = 0;
        int canonical = 0;
        int canonicalRight = 0;
        int reworded = 0;
        int rewordedRight = 0;
        double em = 0;
        double f1 = 0;
        double similarity = 0;
        int similar = 0;
        int dontKnow = 0;
        long in = 0;
        long out = 0;
        double judged = 0;
        int judgedCount = 0;
        for (QuestionResult r : results) {
            if (r.failed()) {
                errors++;
            } else {
                latencies.add(r.latencyMillis());
            }
            em += r.exactMatch() ? 1 : 0;
            f1 += r.tokenF1();
            similarity += r.similarity();
            similar += r.similarity() >= similarityThreshold ? 1 : 0;
            dontKnow += !r.failed() && r.dontKnow() ? 1 : 0;
            if (r.judgeScore() != null) {
                judged += r.judgeScore();
                judgedCount++;
            }
            in += r.inputTokens() == null ? 0 : r.inputTokens();
            out += r.outputTokens() == null ? 0 : r.outputTokens();
            if (r.rewording()) {
                reworded++;
                rewordedRight += r.exactMatch() ? 1 : 0;
            } else {
                canonical++;
                canonicalRight += r.exactMatch() ? 1 : 0;
            }
        }
        latencies.sort(null);
        return new ModelSummary(model, role, n, errors, share(em, n), share(f1, n), share(similarity, n),
                share(similar, n), share(dontKnow, n), percentile(latencies, 50), percentile(latencies, 95), in, out,
                canonical == 0 ? null : share(canonicalRight, canonical),
                reworded == 0 ? null : share(rewordedRight, reworded), judgedCount == 0 ? null : judged / judgedCount);
    }

    /** The figures every consumer of the evaluation-completed event gets. */
    public ModelScores toScores() {
        return new ModelScores(model, role, questions, errors, exactMatch, tokenF1, semanticSimilarity, dontKnowRate);
    }

    /** The value of a metric by its name in configuration: exact_match, token_f1 or semantic_similarity. */
    public double metric(String name) {
        return switch (name) {
            case "exact_match" -> exactMatch;
            case "token_f1" -> tokenF1;
            case "semantic_similarity" -> semanticSimilarity;
            case "similar_answer_share" -> similarAnswerShare;
            case "judge" -> judgeScore == null ? 0 : judgeScore;
            default -> throw new IllegalArgumentException("unknown metric '" + name
                    + "': use exact_match, token_f1, semantic_similarity, similar_answer_share or judge");
        };
    }

    private static double share(double sum, int n) {
        return n == 0 ? 0.0 : sum / n;
    }

    /** Nearest-rank percentile of sorted values; 0 when there are none. */
    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
