package io.tunepipe.augment.paraphrase.offline;

import io.tunepipe.augment.QuebecFaq;
import io.tunepipe.augment.paraphrase.CandidateFilter;
import io.tunepipe.augment.paraphrase.Paraphraser;
import io.tunepipe.text.SentenceEmbedder;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OfflineParaphraser}'s English and French rewordings (question forms, conditions moved, search queries, WordNet
 * synonyms only where the sense is safe), and at least three kept by the real filter for 90% of the Québec FAQ's
 * canonical questions.
 */
class OfflineParaphraserTest {

    private static final double MIN = 0.75;
    private static final double MAX = 0.985;
    private static final OfflineParaphraser PARAPHRASER = new OfflineParaphraser();
    private final CandidateFilter filter = new CandidateFilter(SentenceEmbedder.shared(), MIN, MAX, 5);

    @Test
    void rewritesEnglishQuestionFormsAndKeepsNamesAndNumbers() {
        assertThat(PARAPHRASER.candidates("When was Jonny Whizbang born?"))
                .contains("What is Jonny Whizbang's date of birth?")
                .allSatisfy(c -> assertThat(c).contains("Jonny Whizbang"));
        assertThat(PARAPHRASER.candidates("How do I renew my licence in 2024?"))
                .contains("What is the way to renew my licence in 2024?")
                .allSatisfy(c -> assertThat(c).contains("2024"));
        assertThat(PARAPHRASER.candidates("Can I bring my dog to the office?"))
                .contains("Is it possible to bring my dog to the office?");
        assertThat(PARAPHRASER.candidates("I have travel plans. Should I cancel them?"))
                .contains("Could you tell me: I have travel plans. Should I cancel them?")
                .noneMatch(c -> c.contains(" i "));
    }

    @Test
    void rewritesFrenchQuestionForms() {
        assertThat(PARAPHRASER.candidates("Est-ce que je peux voyager au Québec ?"))
                .contains("Puis-je voyager au Québec ?");
        assertThat(PARAPHRASER.candidates("Puis-je voyager au Québec ?"))
                .contains("Est-ce que je peux voyager au Québec ?");
        assertThat(PARAPHRASER.candidates("Quand les écoles vont-elles rouvrir ?"))
                .contains("À quel moment les écoles vont-elles rouvrir ?");
    }

    @Test
    void movesAConditionToTheFront() {
        assertThat(PARAPHRASER.candidates("Can I go to work if I have a fever?"))
                .contains("If I have a fever, can I go to work?");
        assertThat(PARAPHRASER.candidates("Puis-je sortir de chez moi si j'ai de la fièvre ?"))
                .contains("Si j'ai de la fièvre, puis-je sortir de chez moi ?");
    }

    @Test
    void makesTheSituationToldFirstTheQuestionsCondition() {
        assertThat(PARAPHRASER.candidates("I have travel plans. Should I cancel them?"))
                .contains("Should I cancel them if I have travel plans?",
                        "If I have travel plans, should I cancel them?");
    }

    @Test
    void asksAsASearchQueryToo() {
        assertThat(PARAPHRASER.candidates("Are pregnant women at risk?")).contains("pregnant women risk");
    }

    @Test
    void usesWordNetSynonymsForContentWordsOnly() {
        assertThat(PARAPHRASER.candidates("Should I leave immediately?")).contains("Should I leave at once?");
        assertThat(PARAPHRASER.candidates("Can a person who does not have symptoms spread it?"))
                .contains("Can an individual who does not have symptoms spread it?");
        assertThat(PARAPHRASER.candidates("What is Jonny Whizbang known for?"))
                .allSatisfy(c -> assertThat(c).contains("Jonny").contains("Whizbang"));
    }

    /** Synonyms of a word's other parts of speech or rare senses read as nonsense: "gift birth", "ego". */
    @Test
    void takesNoSynonymWhereTheSenseIsInDoubt() {
        assertThat(PARAPHRASER.candidates("Can women who are giving birth be accompanied?"))
                .noneMatch(c -> c.contains("gift") || c.contains("big birth"));
        assertThat(PARAPHRASER.candidates("I work in the private sector. Can my employer fire me?"))
                .noneMatch(c -> c.contains("buck private") || c.contains("open fire"));
        assertThat(PARAPHRASER.candidates("I have travel plans. Should I cancel them?"))
                .noneMatch(c -> c.contains("go plans"));
    }

    @Test
    void anAccentedNameDoesNotMakeAQuestionFrench() {
        assertThat(PARAPHRASER.candidates("Has Québec declared a health emergency?"))
                .noneMatch(c -> c.startsWith("Pouvez-vous"));
    }

    @Test
    void proposesForEveryQuestionInOrder() {
        List<Paraphraser.Proposal> proposals = PARAPHRASER.propose(List.of("Why is the sky blue?",
                "Puis-je voyager ?"));
        assertThat(proposals).extracting(Paraphraser.Proposal::question)
                .containsExactly("Why is the sky blue?", "Puis-je voyager ?");
        assertThat(proposals).allSatisfy(p -> {
            assertThat(p.failed()).isFalse();
            assertThat(p.candidates()).isNotEmpty();
        });
    }

    /** The Québec canonical questions: at least three kept rewordings for 90% of them, all in the band. */
    @Test
    void quebecCanonicalQuestions() {
        List<QuebecFaq.Entry> rows = QuebecFaq.canonical();
        Set<String> known = new HashSet<>();
        rows.forEach(r -> known.add(CandidateFilter.key(r.question())));
        SentenceEmbedder embedder = SentenceEmbedder.shared();
        int withThree = 0;
        for (QuebecFaq.Entry row : rows) {
            CandidateFilter.Outcome outcome = filter.filter(row.question(), row.answer(),
                    PARAPHRASER.candidates(row.question()), known);
            float[] original = embedder.embed(row.question());
            for (String kept : outcome.kept()) {
                assertThat(CandidateFilter.key(kept)).isNotEqualTo(CandidateFilter.key(row.question()));
                assertThat(SentenceEmbedder.cosine(original, embedder.embed(kept))).isBetween(MIN, MAX);
            }
            withThree += outcome.kept().size() >= 3 ? 1 : 0;
        }
        double share = (double) withThree / rows.size();
        System.out.printf("Quebec canonical questions with >= 3 kept rewordings: %d of %d (%.1f%%)%n", withThree,
                rows.size(), 100 * share);
        assertThat(share).isGreaterThanOrEqualTo(0.9);
    }
}
