package io.tunepipe.eval.scoring;

import io.tunepipe.contracts.ModelScores;

import java.util.ArrayList;
import java.util.List;

/**
 * The scores of one model over all held-out questions. Shares are between 0 and 1; questions that failed count
 * as wrong (zero scores) so a flaky endpoint cannot look better by skipping questions.
 *
 * @param accuracy              share of in-scope questions answered right (by the evaluation's answer rule)
 * @param overallAccuracy       share of all questions right, probes counting as right when refused: what the
 *                              verdict compares
 * @param inScopeRefusalRate    share of in-scope questions refused
 * @param outOfScopeRefusalRate share of out-of-scope probes refused; null without probes
 * @param similarAnswerShare    share of answers whose embedding similarity to the reference reaches the threshold
 * @param canonicalAccuracy     accuracy on in-scope canonical questions (null when there are none)
 * @param rewordingAccuracy     accuracy on in-scope rewordings of them (null when there are none)
 * @param judgeScore            mean fact-rubric score of the judged answers (null without a judge)
 */
public record ModelSummary(String model, String role, int questions, int probes, int errors, double accuracy,
        double overallAccuracy, double inScopeRefusalRate, Double outOfScopeRefusalRate, double exactMatch,
        double tokenF1, double semanticSimilarity, double similarAnswerShare, double dontKnowRate,
        long latencyP50Millis, long latencyP95Millis, long inputTokens, long outputTokens, Double canonicalAccuracy,
        Double rewordingAccuracy, Double judgeScore) {

    /** Summarises results whose right/wrong has been set by an {@link AnswerRule}. */
    public static ModelSummary of(String model, String role, List<QuestionResult> results, double similarityThreshold) {
        Tally all = new Tally();
        Tally inScope = new Tally();
        Tally probes = new Tally();
        Tally canonical = new Tally();
        Tally reworded = new Tally();
        List<Long> latencies = new ArrayList<>();
        int errors = 0;
        double em = 0;
        double f1 = 0;
        double similarity = 0;
        int similar = 0;
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
            all.add(r);
            (r.probe() ? probes : inScope).add(r);
            if (!r.probe()) {
                (r.rewording() ? reworded : canonical).add(r);
            }
            em += r.exactMatch() ? 1 : 0;
            f1 += r.tokenF1();
            similarity += r.similarity();
            similar += r.similarity() >= similarityThreshold ? 1 : 0;
            if (r.judgeScore() != null) {
                judged += r.judgeScore();
                judgedCount++;
            }
            in += r.inputTokens() == null ? 0 : r.inputTokens();
            out += r.outputTokens() == null ? 0 : r.outputTokens();
        }
        latencies.sort(null);
        int n = results.size();
        return new ModelSummary(model, role, n, probes.count, errors, inScope.rightShare(), all.rightShare(),
                inScope.refusalShare(), probes.count == 0 ? null : probes.refusalShare(), share(em, n), share(f1, n),
                share(similarity, n), share(similar, n), all.refusalShare(), percentile(latencies, 50),
                percentile(latencies, 95), in, out, canonical.count == 0 ? null : canonical.rightShare(),
                reworded.count == 0 ? null : reworded.rightShare(), judgedCount == 0 ? null : judged / judgedCount);
    }

    /** The figures every consumer of the evaluation-completed event gets. */
    public ModelScores toScores() {
        return new ModelScores(model, role, questions, errors, exactMatch, tokenF1, semanticSimilarity, dontKnowRate,
                accuracy, inScopeRefusalRate, outOfScopeRefusalRate);
    }

    /** Number of in-scope questions. */
    public int inScopeQuestions() {
        return questions - probes;
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

    /** Right answers and refusals among some of the questions; a failed question is neither. */
    private static final class Tally {
        int count;
        int right;
        int refused;

        void add(QuestionResult r) {
            count++;
            right += r.right() ? 1 : 0;
            refused += !r.failed() && r.dontKnow() ? 1 : 0;
        }

        double rightShare() {
            return share(right, count);
        }

        double refusalShare() {
            return share(refused, count);
        }
    }
}
