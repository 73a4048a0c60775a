package io.tunepipe.localmodel.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The bench's exact McNemar p-value against the binomial tail, and 1 when no pairs disagree or as many flip each way.
 */
class McNemarTest {

    @Test
    void exactPMatchesTheBinomialTail() {
        // 2 * sum_{i<=k} C(n, i) / 2^n, computed exactly elsewhere
        assertThat(McNemar.exactP(11, 8)).isCloseTo(0.6476058959960938, within(1e-12));
        assertThat(McNemar.exactP(60, 115)).isCloseTo(3.8960067945223564e-05, within(1e-15));
        assertThat(McNemar.exactP(0, 5)).isCloseTo(0.0625, within(1e-15));
    }

    @Test
    void noDiscordantPairsIsNoEvidence() {
        assertThat(McNemar.exactP(0, 0)).isEqualTo(1.0);
        assertThat(McNemar.exactP(7, 7)).isEqualTo(1.0);
    }
}
