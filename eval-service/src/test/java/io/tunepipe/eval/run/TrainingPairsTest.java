package io.tunepipe.eval.run;

import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.Origin;
import io.tunepipe.contracts.Split;
import io.tunepipe.text.SentenceEmbedder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TrainingPairs} with the real MiniLM embedder: a held-out question is a probe when no training example has its
 * answer, and the nearest pairs come first and go into the retrieval prompt.
 */
class TrainingPairsTest {

    private static Example example(String id, Split split, String question, String answer) {
        return new Example("ds/" + id, "ds/g" + id, split, question, answer, null, Origin.ORIGINAL, null, 2);
    }

    private static final List<Example> TRAIN = List.of(
            example("1", Split.TRAIN, "When was Jonny Whizbang born?", "Jonny Whizbang was born on 3 March 1971."),
            example("2", Split.TRAIN, "What is Jonny Whizbang known for?", "He invented the self-folding umbrella."),
            example("3", Split.TRAIN, "Where does Jonny live?", "In Wigan, near the canal."),
            example("4", Split.TRAIN, "How do I renew my passport?", "Fill in form PPTC 054 and mail it."));

    @Test
    void aHeldOutQuestionIsAProbeWhenNoTrainingExampleHasItsAnswer() {
        List<Example> test = List.of(
                example("5", Split.TEST, "What year was Jonny born?", "jonny whizbang was born on 3 March 1971"),
                example("6/v1", Split.TEST, "What did Jonny invent?", "He invented the self-folding umbrella."),
                example("7", Split.TEST, "What is Jonny's favourite colour?", "Teal."));

        QuestionSet set = QuestionSet.of(TRAIN, test, SentenceEmbedder.shared());

        assertThat(set.questions()).extracting(HeldOutQuestion::probe).containsExactly(false, false, true);
        assertThat(set.questions()).extracting(HeldOutQuestion::rewording).containsExactly(false, true, false);
        assertThat(set.probes()).isEqualTo(1);
        assertThat(set.training().size()).isEqualTo(4);
    }

    @Test
    void theNearestPairsComeFirstAndTheyGoInTheRetrievalPrompt() {
        TrainingPairs pairs = QuestionSet.of(TRAIN, List.of(), SentenceEmbedder.shared()).training();

        List<TrainingPairs.Pair> nearest = pairs.nearest("In which year was Jonny Whizbang born?", 2);
        List<String> prompts = new ArrayList<>();
        ChatEndpoint base = q -> {
            prompts.add(q);
            return new ChatEndpoint.Reply("Jonny Whizbang was born on 3 March 1971.", null, null);
        };
        new RetrievalAugmentedEndpoint(base, pairs, 2).ask("In which year was Jonny Whizbang born?");

        assertThat(nearest).hasSize(2);
        assertThat(nearest.get(0).question()).isEqualTo("When was Jonny Whizbang born?");
        assertThat(prompts.get(0)).startsWith(RetrievalAugmentedEndpoint.INSTRUCTIONS)
                .contains("Question: When was Jonny Whizbang born?\nAnswer: Jonny Whizbang was born on 3 March 1971.")
                .doesNotContain("passport").endsWith("Question: In which year was Jonny Whizbang born?");
        assertThat(pairs.nearest("anything", 10)).hasSize(4);
    }
}
