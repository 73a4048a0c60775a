package io.tunepipe.eval.scoring;

import io.tunepipe.contracts.ModelScores;
import io.tunepipe.contracts.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link Scorecard} on made-up answers of a base, a retrieval and a fine-tuned model: which answers are right (probes
 * only when refused), the refusal rates, the paired comparisons with their p-values, and the verdict.
 */
class ScorecardTest {

    private static final String IDK = "I don't know.";
    private static final Scorecard.Rules RULES = new Scorecard.Rules(new AnswerRule("exact_match", 0.8),
            new VerdictRule("exact_match", 0.05, false), new PairedBootstrap(1000, 1));

    /** An answer to question i; questions 8 and 9 are probes (their answer was never trained). */
    private static QuestionResult answer(int i, String answer) {
        boolean probe = i >= 8;
        String reference = "Answer " + i + ".";
        boolean dontKnow = DontKnowDetector.saysDontKnow(answer);
        return new QuestionResult("ds/" + i, "Question " + i + "?", reference, false, probe, answer, null, 10,
                AnswerMatch.exactMatch(answer, reference), AnswerMatch.f1(answer, reference),
                answer.equals(reference) ? 1 : 0.2, dontKnow, null, null, null, null, false);
    }

    private static List<QuestionResult> model(String... answers) {
        List<QuestionResult> results = new ArrayList<>();
        for (int i = 0; i < answers.length; i++) {
            results.add(answer(i, answers[i]));
        }
        return results;
    }

    @Test
    void probesAreRightOnlyWhenRefusedAndRefusalsAreNeverRightInScope() {
        AnswerRule rule = new AnswerRule("exact_match", 0.8);

        assertThat(rule.right(answer(0, "Answer 0."))).isTrue();
        assertThat(rule.right(answer(0, IDK))).isFalse();
        assertThat(rule.right(answer(8, IDK))).isTrue();
        assertThat(rule.right(answer(8, "Answer 8."))).isFalse();
        assertThat(new AnswerRule("similar_answer", 0.8).right(answer(1, "Answer 1."))).isTrue();
        assertThat(new AnswerRule("similar_answer", 0.8).right(answer(1, "Something else."))).isFalse();
        assertThatThrownBy(() -> new AnswerRule("token_f1", 0.8)).hasMessageContaining("exact_match");
    }

    @Test
    void threeModelsAreScoredComparedAndDecided() {
        // base refuses everything; retrieval knows 0-3; fine-tuned knows 0-7 but answers the probes
        List<QuestionResult> base = model(IDK, IDK, IDK, IDK, IDK, IDK, IDK, IDK, IDK, IDK);
        List<QuestionResult> retrieval = model("Answer 0.", "Answer 1.", "Answer 2.", "Answer 3.", IDK, IDK, IDK,
                IDK, IDK, IDK);
        List<QuestionResult> tuned = model("Answer 0.", "Answer 1.", "Answer 2.", "Answer 3.", "Answer 4.",
                "Answer 5.", "Answer 6.", "Answer 7.", "Answer 3.", IDK);

        Scorecard card = Scorecard.of(Map.of(ModelScores.BASE, "b", ModelScores.RETRIEVAL, "r",
                ModelScores.FINE_TUNED, "t"), Map.of(ModelScores.BASE, base, ModelScores.RETRIEVAL, retrieval,
                ModelScores.FINE_TUNED, tuned), RULES);

        ModelSummary b = card.summaries().get(0);
        ModelSummary t = card.summaries().get(2);
        assertThat(card.summaries()).extracting(ModelSummary::role).containsExactly("base", "base+retrieval",
                "fine-tuned");
        assertThat(b.accuracy()).isZero();
        assertThat(b.inScopeRefusalRate()).isEqualTo(1.0);
        assertThat(b.outOfScopeRefusalRate()).isEqualTo(1.0);
        assertThat(card.summaries().get(1).accuracy()).isEqualTo(0.5);
        assertThat(t.accuracy()).isEqualTo(1.0);
        assertThat(t.inScopeRefusalRate()).isZero();
        assertThat(t.outOfScopeRefusalRate()).isEqualTo(0.5);
        assertThat(t.overallAccuracy()).isEqualTo(0.9);
        assertThat(t.probes()).isEqualTo(2);
        // vs base: gained 0-7, lost probe 8 -> b=8, c=1, p = 2 * (1 + 9) / 512 = 0.0390625
        assertThat(card.vsBase().gained()).hasSize(8);
        assertThat(card.vsBase().lost()).containsExactly("ds/8");
        assertThat(card.vsBase().pValue()).isCloseTo(0.0390625, within(1e-12));
        // vs retrieval: gained 4-7, lost probe 8 -> b=4, c=1, p = 2 * (1 + 5) / 32 = 0.375
        assertThat(card.vsRetrieval().gained()).containsExactly("ds/4", "ds/5", "ds/6", "ds/7");
        assertThat(card.vsRetrieval().pValue()).isCloseTo(0.375, within(1e-12));
        assertThat(card.verdict().outcome()).isEqualTo(Verdict.Outcome.PROMOTED);
        assertThat(card.verdict().beatsRetrieval()).isFalse();
        assertThat(card.scores().get(2).outOfScopeRefusalRate()).isEqualTo(0.5);
    }

    @Test
    void withoutProbesTheOutOfScopeRefusalRateIsAbsent() {
        ModelSummary s = ModelSummary.of("m", "base", new AnswerRule("exact_match", 0.8).mark(
                model("Answer 0.", IDK)), 0.8);

        assertThat(s.outOfScopeRefusalRate()).isNull();
        assertThat(s.accuracy()).isEqualTo(0.5);
        assertThat(s.inScopeRefusalRate()).isEqualTo(0.5);
    }
}
