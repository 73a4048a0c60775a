package io.tunepipe.eval.scoring;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link AnswerMatch} as SQuAD v1.1 scores: the normalisation, exact match ignoring case, punctuation and articles,
 * token F1 on worked examples, and the best of several references.
 */
class AnswerMatchTest {

    @Test
    void normalisationFollowsSquad() {
        assertThat(AnswerMatch.normalize("The  Denver Broncos!")).isEqualTo("denver broncos");
        assertThat(AnswerMatch.normalize("an apple, a pear & the fig")).isEqualTo("apple pear fig");
        assertThat(AnswerMatch.normalize("  Théâtre\u00A0de l'Odéon. ")).isEqualTo("théâtre de lodéon");
    }

    @Test
    void exactMatchIgnoresCasePunctuationAndArticles() {
        assertThat(AnswerMatch.exactMatch("the Broncos.", "Broncos")).isTrue();
        assertThat(AnswerMatch.exactMatch("Denver Broncos", "Broncos")).isFalse();
        assertThat(AnswerMatch.exactMatch("Broncos", List.of("Panthers", "broncos"))).isTrue();
    }

    @Test
    void f1CountsSharedTokens() {
        // SQuAD example: prediction "Denver Broncos", gold "Broncos": precision 1/2, recall 1 -> F1 2/3
        assertThat(AnswerMatch.f1("Denver Broncos", "Broncos")).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(AnswerMatch.f1("the cat sat", "a cat sat down")).isCloseTo(0.8, within(1e-9));
        assertThat(AnswerMatch.f1("dog", "cat")).isZero();
        assertThat(AnswerMatch.f1("", "")).isEqualTo(1.0);
        assertThat(AnswerMatch.f1("the", "cat")).isZero();
    }

    @Test
    void repeatedTokensAreCountedOnce() {
        // prediction "a a b" vs gold "a b": common = min(2,1)+min(1,1) -> but articles: use plain tokens
        assertThat(AnswerMatch.f1("x x y", "x y")).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void bestReferenceWins() {
        assertThat(AnswerMatch.f1("Denver Broncos", List.of("Panthers", "Denver Broncos"))).isEqualTo(1.0);
    }
}
