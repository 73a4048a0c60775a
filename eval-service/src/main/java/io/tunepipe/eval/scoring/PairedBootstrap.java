package io.tunepipe.eval.scoring;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A percentile confidence interval of the accuracy difference of two models on the same questions, by resampling
 * questions (pairs kept together) with replacement. Seeded, so the same answers always give the same interval.
 */
public final class PairedBootstrap {

    /** A confidence interval of a difference in shares, between -1 and 1. */
    public record Interval(double low, double high) {
    }

    private final int resamples;
    private final long seed;

    public PairedBootstrap(int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("at least one resample is needed, not " + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
    }

    /** The 95% interval of mean(candidate) - mean(other); [0, 0] without questions. */
    public Interval interval95(boolean[] candidate, boolean[] other) {
        if (candidate.length != other.length) {
            throw new IllegalArgumentException("paired series differ in length: " + candidate.length + " and "
                    + other.length);
        }
        int n = candidate.length;
        if (n == 0) {
            return new Interval(0, 0);
        }
        int[] difference = new int[n];
        for (int i = 0; i < n; i++) {
            difference[i] = (candidate[i] ? 1 : 0) - (other[i] ? 1 : 0);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] deltas = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += difference[random.nextInt(n)];
            }
            deltas[r] = (double) sum / n;
        }
        Arrays.sort(deltas);
        return new Interval(percentile(deltas, 2.5), percentile(deltas, 97.5));
    }

    /** Linear interpolation between closest ranks, as numpy.percentile does by default. */
    static double percentile(double[] sorted, double p) {
        double rank = p / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }
}
