package io.tunepipe.eval.scoring;

import io.tunepipe.contracts.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link VerdictRule} on given flip counts: promoted or held against the base and retrieval, the reasons it gives, and
 * the stricter rule that requires beating retrieval.
 */
class VerdictRuleTest {

    private static final VerdictRule RULE = new VerdictRule("exact_match", 0.05, false);

    /** A comparison on 100 questions with {@code gained} wrong-to-right and {@code lost} right-to-wrong flips. */
    private static PairedComparison flips(String against, int gained, int lost) {
        List<String> g = java.util.stream.IntStream.range(0, gained).mapToObj(i -> "g" + i).toList();
        List<String> l = java.util.stream.IntStream.range(0, lost).mapToObj(i -> "l" + i).toList();
        return new PairedComparison(against, 100, g, l, (gained - lost) / 100.0,
                McNemar.exactPValue(gained, lost), 0, 0);
    }

    @Test
    void promotedWhenSignificantlyBetterThanTheBaseAndNotWorseThanRetrieval() {
        // vs base: b=10, c=2 -> p = 0.0386; vs retrieval: b=4, c=3 -> p = 1
        Verdict v = RULE.decide(flips("base", 10, 2), flips("base+retrieval", 4, 3));

        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.PROMOTED);
        assertThat(v.delta()).isEqualTo(0.08);
        assertThat(v.pValue()).isCloseTo(0.03857421875, within(1e-12));
        assertThat(v.retrievalDelta()).isEqualTo(0.01);
        assertThat(v.beatsRetrieval()).isFalse();
        assertThat(v.reason()).isEqualTo("Significantly better than the base: +8.0 points, p = 0.039. Fine-tuning did"
                + " not beat retrieval without fine-tuning: +1.0 points, p = 1.00.");
    }

    @Test
    void heldWithoutASignificantGainOverTheBase() {
        // b=5, c=0 -> p = 0.0625, not below 0.05
        Verdict v = RULE.decide(flips("base", 5, 0), flips("base+retrieval", 0, 0));

        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.HELD);
        assertThat(v.reason()).startsWith("No significant gain over the base: +5.0 points, p = 0.063.");
        assertThat(v.promoted()).isFalse();
    }

    @Test
    void heldWhenSignificantlyWorseThanRetrieval() {
        // vs base b=30, c=0; vs retrieval b=2, c=12 -> p = 2 * (1 + 14 + 91) / 16384 = 0.01294
        Verdict v = RULE.decide(flips("base", 30, 0), flips("base+retrieval", 2, 12));

        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.HELD);
        assertThat(v.retrievalPValue()).isCloseTo(0.012939453125, within(1e-12));
        assertThat(v.reason()).isEqualTo(
                "Significantly worse than retrieval without fine-tuning: -10.0 points, p = 0.013.");
        assertThat(v.beatsRetrieval()).isFalse();
    }

    @Test
    void requiringToBeatRetrievalHoldsAModelThatOnlyMatchesIt() {
        VerdictRule strict = new VerdictRule("exact_match", 0.05, true);

        Verdict matches = strict.decide(flips("base", 30, 0), flips("base+retrieval", 3, 2));
        Verdict beats = strict.decide(flips("base", 30, 0), flips("base+retrieval", 12, 2));
        Verdict noBaseline = strict.decide(flips("base", 30, 0), null);

        assertThat(matches.outcome()).isEqualTo(Verdict.Outcome.HELD);
        assertThat(matches.reason()).contains("Beating retrieval without fine-tuning is required",
                "+1.0 points, p = 1.00");
        assertThat(beats.outcome()).isEqualTo(Verdict.Outcome.PROMOTED);
        assertThat(beats.beatsRetrieval()).isTrue();
        assertThat(beats.reason()).contains("Fine-tuning beat retrieval without fine-tuning: +10.0 points");
        assertThat(noBaseline.outcome()).isEqualTo(Verdict.Outcome.HELD);
        assertThat(noBaseline.retrievalDelta()).isNull();
    }

    @Test
    void bothReasonsAreGivenWhenBothFail() {
        Verdict v = RULE.decide(flips("base", 1, 1), flips("base+retrieval", 0, 20));

        assertThat(v.reason()).isEqualTo("No significant gain over the base: +0.0 points, p = 1.00; significantly"
                + " worse than retrieval without fine-tuning: -20.0 points, p < 0.001.");
    }
}
