package io.tunepipe.augment.paraphrase;

import io.tunepipe.text.SentenceEmbedder;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CandidateFilter} with the real MiniLM embedder: copies, drifted meanings, rewordings that give the answer away
 * and duplicates of the dataset or of rewordings kept before are rejected and counted, and no more kept than asked.
 */
class CandidateFilterTest {

    private final CandidateFilter filter = new CandidateFilter(SentenceEmbedder.shared(), 0.75, 0.985, 5);

    @Test
    void keepsTheBandAndRejectsCopiesAnswersAndDuplicates() {
        Set<String> dataset = new HashSet<>(Set.of(CandidateFilter.key("What year was Jonny born?")));
        CandidateFilter.Outcome outcome = filter.filter("When was Jonny Whizbang born?", "On 14 February 1962.",
                List.of("When was Jonny Whizbang born ?", "What year was Jonny born?",
                        "What is Jonny Whizbang's date of birth?", "How do volcanoes form?",
                        "Jonny was born on 14 February 1962."), dataset);

        assertThat(outcome.kept()).containsExactly("What is Jonny Whizbang's date of birth?");
        assertThat(outcome.generated()).isEqualTo(5);
        assertThat(outcome.rejected()).containsEntry("identical", 1L).containsEntry("duplicate", 1L)
                .containsEntry("meaning-drifted", 1L).containsEntry("contains-answer", 1L);
        assertThat(dataset).contains(CandidateFilter.key("What is Jonny Whizbang's date of birth?"));
    }

    @Test
    void aRewordingKeptForOneQuestionIsADuplicateForTheNext() {
        CandidateFilter filter = new CandidateFilter(SentenceEmbedder.shared(), 0.5, 0.999, 5);
        Set<String> dataset = new HashSet<>();
        assertThat(filter.filter("How do I renew my library card?", "At the desk.",
                List.of("What is the way to renew my library card?"), dataset).kept()).hasSize(1);
        CandidateFilter.Outcome second = filter.filter("How can I renew my library card?", "At the desk.",
                List.of("What is the way to renew my library card?"), dataset);
        assertThat(second.kept()).isEmpty();
        assertThat(second.rejected()).containsEntry("duplicate", 1L);
    }

    @Test
    void aRewordingHoldingOneSentenceOfALongAnswerGivesItAway() {
        CandidateFilter.Outcome outcome = filter.filter("Can I visit my mother in a nursing home?",
                "Visits are allowed again. Wear a mask at all times and keep two metres apart.",
                List.of("Visits are allowed again, so can I visit my mother in a nursing home?",
                        "Is visiting my mother in a nursing home allowed?"), new HashSet<>());
        assertThat(outcome.rejected()).containsEntry("contains-answer", 1L);
        assertThat(outcome.kept()).containsExactly("Is visiting my mother in a nursing home allowed?");
    }

    @Test
    void keepsNoMoreThanAskedAndCountsTheRest() {
        CandidateFilter two = new CandidateFilter(SentenceEmbedder.shared(), 0.5, 0.999, 2);
        CandidateFilter.Outcome outcome = two.filter("How do I renew my library card?", "At the desk.",
                List.of("What is the way to renew my library card?", "How should I renew my library card?",
                        "How can I renew my library card?"), new HashSet<>());
        assertThat(outcome.kept()).hasSize(2);
        assertThat(outcome.rejected()).containsEntry("enough-kept", 1L);
    }
}
