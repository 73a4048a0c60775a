package io.tunepipe.eval.scoring;

import java.util.ArrayList;
import java.util.List;

/**
 * A candidate model against another on the same questions, from their right/wrong answers.
 *
 * @param against  the role of the other model
 * @param gained   example ids the other model got wrong and the candidate right (wrong to right)
 * @param lost     example ids the other model got right and the candidate wrong (right to wrong)
 * @param delta    candidate minus other accuracy over all compared questions
 * @param pValue   exact two-sided McNemar p-value of the flips
 * @param ciLow    lower end of the paired bootstrap 95% interval of the delta
 * @param ciHigh   upper end of that interval
 */
public record PairedComparison(String against, int questions, List<String> gained, List<String> lost, double delta,
        double pValue, double ciLow, double ciHigh) {

    /** Compares two result series of the same questions in the same order. */
    public static PairedComparison of(String against, List<QuestionResult> candidate, List<QuestionResult> other,
            PairedBootstrap bootstrap) {
        if (candidate.size() != other.size()) {
            throw new IllegalArgumentException("the two models answered different numbers of questions: "
                    + candidate.size() + " and " + other.size());
        }
        int n = candidate.size();
        boolean[] a = new boolean[n];
        boolean[] b = new boolean[n];
        List<String> gained = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            a[i] = candidate.get(i).right();
            b[i] = other.get(i).right();
            if (a[i] && !b[i]) {
                gained.add(candidate.get(i).exampleId());
            } else if (!a[i] && b[i]) {
                lost.add(candidate.get(i).exampleId());
            }
        }
        PairedBootstrap.Interval ci = bootstrap.interval95(a, b);
        double delta = n == 0 ? 0 : (double) (gained.size() - lost.size()) / n;
        return new PairedComparison(against, n, List.copyOf(gained), List.copyOf(lost), delta,
                McNemar.exactPValue(gained.size(), lost.size()), ci.low(), ci.high());
    }

    /** Significantly better than the other model at level alpha. */
    public boolean significantlyBetter(double alpha) {
        return delta > 0 && pValue < alpha;
    }

    /** Significantly worse than the other model at level alpha. */
    public boolean significantlyWorse(double alpha) {
        return delta < 0 && pValue < alpha;
    }
}
