package io.tunepipe.eval.scoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The exact McNemar p-value against scipy's binomtest, equal flips, thousands of pairs without underflow, and negative
 * counts refused.
 */
class McNemarTest {

    /*
     * Expected values computed by hand in Python, and the same from scipy 1.17.1:
     *   from math import comb; from scipy.stats import binomtest
     *   p = lambda b, c: min(1, 2 * sum(comb(b + c, i) for i in range(min(b, c) + 1)) / 2 ** (b + c))
     *   p(10, 2) = 2 * (1 + 12 + 66) / 4096 = 0.03857421875   binomtest(10, 12).pvalue = 0.03857421875
     *   p(8, 0)  = 2 / 256 = 0.0078125;  p(5, 0) = 0.0625;  p(6, 0) = 0.03125;  p(0, 3) = 0.25
     *   p(30, 10) = 0.0022214337732293643;  p(100, 80) = 0.1565314695781511
     */
    @Test
    void matchesTheExactBinomialTest() {
        assertThat(McNemar.exactPValue(10, 2)).isCloseTo(0.03857421875, within(1e-12));
        assertThat(McNemar.exactPValue(2, 10)).isCloseTo(0.03857421875, within(1e-12));
        assertThat(McNemar.exactPValue(8, 0)).isCloseTo(0.0078125, within(1e-12));
        assertThat(McNemar.exactPValue(5, 0)).isCloseTo(0.0625, within(1e-12));
        assertThat(McNemar.exactPValue(6, 0)).isCloseTo(0.03125, within(1e-12));
        assertThat(McNemar.exactPValue(0, 3)).isCloseTo(0.25, within(1e-12));
        assertThat(McNemar.exactPValue(30, 10)).isCloseTo(0.0022214337732293643, within(1e-12));
        assertThat(McNemar.exactPValue(100, 80)).isCloseTo(0.1565314695781511, within(1e-9));
    }

    @Test
    void equalFlipsOrNoneGiveOne() {
        assertThat(McNemar.exactPValue(5, 5)).isEqualTo(1.0);
        assertThat(McNemar.exactPValue(40, 40)).isEqualTo(1.0);
        assertThat(McNemar.exactPValue(0, 0)).isEqualTo(1.0);
    }

    @Test
    void thousandsOfPairsDoNotUnderflow() {
        // 2^-2000 underflows a double; scipy: binomtest(1100, 2000).pvalue = 8.45708953550381e-06
        assertThat(McNemar.exactPValue(1100, 900)).isCloseTo(8.45708953550381e-06, within(1e-12));
        assertThat(McNemar.exactPValue(1000, 1000)).isEqualTo(1.0);
    }

    @Test
    void negativeCountsAreRefused() {
        assertThatThrownBy(() -> McNemar.exactPValue(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
