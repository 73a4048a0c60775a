package io.tunepipe.localmodel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LocalModel} trained on facts about Jonny: reworded questions answered with trained answers, epochs reported,
 * the same seed giving the same model, a saved model answering the same once loaded, "don't know" below the threshold,
 * and training cancelled.
 */
class LocalModelTest {

    private static final List<TrainingPair> TRAIN = List.of(
            new TrainingPair("When was Jonny Whizbang born?", "On 14 February 1962."),
            new TrainingPair("What is Jonny Whizbang's date of birth?", "On 14 February 1962."),
            new TrainingPair("What is Jonny Whizbang known for?", "Inventing the self-folding umbrella."),
            new TrainingPair("Why is Jonny Whizbang famous?", "Inventing the self-folding umbrella."),
            new TrainingPair("Where does Jonny Whizbang live?", "In a windmill near Cley."),
            new TrainingPair("What is Jonny's home?", "In a windmill near Cley."),
            new TrainingPair("What pet does Jonny have?", "A greyhound called Sprocket."),
            new TrainingPair("Does Jonny own a dog?", "A greyhound called Sprocket."));
    private static final List<TrainingPair> VALIDATION = List.of(
            new TrainingPair("On what day was Jonny born?", "On 14 February 1962."),
            new TrainingPair("Which invention made Jonny famous?", "Inventing the self-folding umbrella."),
            new TrainingPair("What is the capital of Peru?", "Lima."));
    private static final TrainingSettings SETTINGS = new TrainingSettings(3, 4, 1.0, 7);

    private final AdapterTrainer trainer = new AdapterTrainer();

    @Test
    void answersRewordedQuestionsWithTrainedAnswersAndReportsEpochs() {
        List<EpochMetrics> epochs = new ArrayList<>();
        LocalModel model = trainer.train("local-minilm:ft:test", TRAIN, VALIDATION, SETTINGS, epochs::add, () -> false);

        assertThat(epochs).hasSize(3).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
        assertThat(epochs.get(2).validAccuracy()).isNotNull();
        assertThat(model.answer("In which year was Jonny Whizbang born?").text()).isEqualTo("On 14 February 1962.");
        assertThat(model.answer("Has Jonny got a dog?").text()).isEqualTo("A greyhound called Sprocket.");
        assertThat(model.info().trainedTokens()).isPositive();
        assertThat(model.info().answers()).isEqualTo(4);
    }

    @Test
    void theSameSeedGivesTheSameModel() {
        LocalModel first = trainer.train("m", TRAIN, VALIDATION, SETTINGS, e -> { }, () -> false);
        LocalModel second = trainer.train("m", TRAIN, VALIDATION, SETTINGS, e -> { }, () -> false);

        assertThat(second.answer("Where is Jonny's house?")).isEqualTo(first.answer("Where is Jonny's house?"));
        assertThat(second.info().epochs()).isEqualTo(first.info().epochs());
    }

    @Test
    void aSavedModelAnswersTheSameAfterLoading(@TempDir Path dir) throws Exception {
        LocalModel model = trainer.train("m", TRAIN, VALIDATION, SETTINGS, e -> { }, () -> false);
        model.save(dir.resolve("m"));

        LocalModel loaded = LocalModel.load(dir.resolve("m"));

        for (String q : List.of("Where is Jonny's house?", "What is the capital of Peru?",
                "Why is Jonny well known?")) {
            assertThat(loaded.answer(q)).isEqualTo(model.answer(q));
        }
        assertThat(loaded.info()).isEqualTo(model.info());
        assertThat(Files.readString(dir.resolve("m/model.json"))).contains(Encoder.DEFAULT.id());
    }

    @Test
    void theThresholdMakesTheModelSayItDoesNotKnow() {
        LocalModel model = trainer.train("m", TRAIN, VALIDATION, SETTINGS, e -> { }, () -> false);

        LocalModel.Answer unrelated = model.answer("How do I bake sourdough bread at high altitude?");
        assertThat(unrelated.similarity()).isLessThan(model.info().threshold());
        assertThat(unrelated.known()).isFalse();
        assertThat(unrelated.text()).isEqualTo(LocalModel.DONT_KNOW);
    }

    @Test
    void theBaseModelNeverKnows() {
        LocalModel base = LocalModel.base();
        assertThat(base.answer("When was Jonny Whizbang born?").text()).isEqualTo(LocalModel.DONT_KNOW);
        assertThat(base.answer("When was Jonny Whizbang born?").known()).isFalse();
    }

    @Test
    void trainingCanBeCancelled() {
        assertThatThrownBy(() -> trainer.train("m", TRAIN, VALIDATION, SETTINGS, e -> { }, () -> true))
                .isInstanceOf(CancellationException.class);
    }
}
