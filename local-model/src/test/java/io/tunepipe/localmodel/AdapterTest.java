package io.tunepipe.localmodel;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Adapter}: mixing with the identity moves each weight in proportion, and applied eight rows at a time it gives,
 * to the bit, each row's sum taken in column order.
 */
class AdapterTest {

    @Test
    void mixingWithTheIdentityMovesEachWeightInProportion() {
        float[] w = new float[Adapter.D * Adapter.D];
        Random random = new Random(7);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        Adapter trained = new Adapter(w);
        Adapter identity = Adapter.identity();

        assertThat(trained.towardsIdentity(1).w).containsExactly(w);
        assertThat(trained.towardsIdentity(0).w).containsExactly(identity.w);
        Adapter half = trained.towardsIdentity(0.5);
        int diagonal = 5 * Adapter.D + 5;
        int offDiagonal = 5 * Adapter.D + 6;
        assertThat(half.w[diagonal]).isCloseTo((w[diagonal] + 1) / 2, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(half.w[offDiagonal]).isCloseTo(w[offDiagonal] / 2, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void appliedEightRowsAtATimeItGivesEachRowsSumInColumnOrderToTheBit() {
        Random random = new Random(11);
        float[] w = new float[Adapter.D * Adapter.D];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        float[] x = new float[Adapter.D];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] expected = new float[Adapter.D];
        for (int r = 0; r < Adapter.D; r++) {
            for (int c = 0; c < Adapter.D; c++) {
                expected[r] += w[r * Adapter.D + c] * x[c];
            }
        }

        assertThat(new Adapter(w).apply(x)).containsExactly(expected);
    }
}
