package io.tunepipe.eval.scoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link PairedBootstrap}'s 95% interval against the normal approximation and numpy on 200 questions, degenerate cases,
 * a fixed seed, and percentiles interpolated as numpy does.
 */
class PairedBootstrapTest {

    private final PairedBootstrap bootstrap = new PairedBootstrap(4000, 14);

    /**
     * 200 questions: 30 only the candidate got right, 10 only the other, 160 both or neither. The delta is 0.1 and
     * its standard error sqrt(((b + c) / n - delta^2) / n) = sqrt((0.2 - 0.01) / 200) = 0.030822, so the normal
     * approximation of the 95% interval is 0.1 -+ 1.96 * 0.030822 = [0.0396, 0.1604]; the bootstrap percentiles
     * must come close (the resampled deltas move in steps of 1/200 = 0.005). numpy, the same percentile bootstrap
     * (default_rng(14), 4000 resamples) of the same pairs: [0.040, 0.160].
     */
    @Test
    void agreesWithTheNormalApproximationOnALargeSample() {
        boolean[] candidate = new boolean[200];
        boolean[] other = new boolean[200];
        for (int i = 0; i < 200; i++) {
            candidate[i] = i < 30 || i >= 40 && i < 120;
            other[i] = i >= 30 && i < 40 || i >= 40 && i < 120;
        }

        PairedBootstrap.Interval ci = bootstrap.interval95(candidate, other);

        assertThat(ci.low()).isCloseTo(0.0396, within(0.011));
        assertThat(ci.high()).isCloseTo(0.1604, within(0.011));
    }

    @Test
    void identicalOrOneSidedAnswersGiveADegenerateInterval() {
        boolean[] same = {true, false, true, true};
        assertThat(bootstrap.interval95(same, same)).isEqualTo(new PairedBootstrap.Interval(0, 0));
        boolean[] all = {true, true, true};
        boolean[] none = {false, false, false};
        assertThat(bootstrap.interval95(all, none)).isEqualTo(new PairedBootstrap.Interval(1, 1));
        assertThat(bootstrap.interval95(new boolean[0], new boolean[0])).isEqualTo(new PairedBootstrap.Interval(0, 0));
    }

    @Test
    void theSameSeedGivesTheSameInterval() {
        boolean[] a = {true, false, true, false, true, true, false, true};
        boolean[] b = {false, false, true, true, false, true, false, false};
        assertThat(new PairedBootstrap(1000, 7).interval95(a, b))
                .isEqualTo(new PairedBootstrap(1000, 7).interval95(a, b));
    }

    @Test
    void percentilesInterpolateAsNumpyDoes() {
        // numpy.percentile([1, 2, 3, 4], [2.5, 97.5]) = [1.075, 3.925]
        double[] sorted = {1, 2, 3, 4};
        assertThat(PairedBootstrap.percentile(sorted, 2.5)).isCloseTo(1.075, within(1e-12));
        assertThat(PairedBootstrap.percentile(sorted, 97.5)).isCloseTo(3.925, within(1e-12));
    }
}
