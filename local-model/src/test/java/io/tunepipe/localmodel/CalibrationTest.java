package io.tunepipe.localmodel;

import io.tunepipe.localmodel.bench.QualityBench;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Calibration of "don't know" on a real subset of the Québec FAQ, with and without a validation split. */
class CalibrationTest {

    private static final int ANSWERS = 40;
    private static final List<String> UNRELATED = List.of(
            "How do I bake sourdough bread at high altitude?",
            "What is the capital of Peru?",
            "Which football team won the 1998 world cup?",
            "How many legs does a spider have?",
            "Can you recommend a good science fiction novel?",
            "How do I change the oil in my car?",
            "What's the exchange rate between euros and yen?",
            "How do I reset my router password?");
    /**
     * A fine-tune refuses fewer unrelated questions than plain retrieval (its threshold must sit lower to keep in-scope
     * refusals under 1%): 6 of these 8 at least.
     */
    private static final double MOST_UNRELATED = 0.75;
    private static final TrainingSettings SETTINGS = new TrainingSettings(3, 32, 1.0, 7);

    private static List<TrainingPair> train;
    private static List<TrainingPair> rewordings;
    private final AdapterTrainer trainer = new AdapterTrainer();

    @BeforeAll
    static void loadSubset() throws Exception {
        QualityBench.Protocol quebec = QualityBench.Protocol.load();
        Set<String> answers = quebec.canonical().stream().limit(ANSWERS).map(TrainingPair::answer)
                .collect(Collectors.toSet());
        train = new ArrayList<>(quebec.canonical().stream().filter(p -> answers.contains(p.answer())).toList());
        train.addAll(quebec.collection2().stream().filter(p -> answers.contains(p.answer())).toList());
        rewordings = quebec.collection3().stream().filter(p -> answers.contains(p.answer())).toList();
    }

    @Test
    void carvingIsDeterministicAndHoldsOutRewordingsOfTrainedAnswersAndWholeGroups() {
        CalibrationSet first = CalibrationSet.carve(train, 42);

        assertThat(CalibrationSet.carve(train, 42)).isEqualTo(first);
        assertThat(CalibrationSet.carve(train, 43).inScope()).isNotEqualTo(first.inScope());
        Set<String> restAnswers = first.train().stream().map(TrainingPair::answer).collect(Collectors.toSet());
        Set<String> restQuestions = first.train().stream().map(TrainingPair::question).collect(Collectors.toSet());
        assertThat(first.inScope()).hasSize(restAnswers.size()).allSatisfy(p -> {
            assertThat(restAnswers).contains(p.answer());
            assertThat(restQuestions).doesNotContain(p.question());
        });
        int heldOutGroups = (int) Math.ceil(ANSWERS * CalibrationSet.HELD_OUT_GROUPS);
        assertThat(restAnswers).hasSize(ANSWERS - heldOutGroups);
        assertThat(first.outOfScope()).containsAll(CalibrationSet.builtInOutOfScope())
                .hasSizeGreaterThan(CalibrationSet.builtInOutOfScope().size())
                .doesNotContainAnyElementsOf(restQuestions);
    }

    @Test
    void singleQuestionAnswersStayInTraining() {
        List<TrainingPair> singles = List.of(new TrainingPair("What is A?", "A."), new TrainingPair("What is B?", "B."),
                new TrainingPair("What is C, really?", "C."), new TrainingPair("Tell me about C", "C."));

        CalibrationSet carved = CalibrationSet.carve(singles, 1);

        assertThat(carved.inScope()).extracting(TrainingPair::answer).containsExactly("C.");
        assertThat(carved.train()).hasSize(3).extracting(TrainingPair::answer).containsExactly("A.", "B.", "C.");
    }

    @Test
    void withoutAValidationSplitRewordingsAreAnsweredAndUnrelatedQuestionsRefused() {
        LocalModel model = trainer.train("m", train, List.of(), SETTINGS, e -> { }, () -> false);

        assertThat(model.info().threshold()).isNotEqualTo(LocalModel.DEFAULT_THRESHOLD);
        assertThat(refusals(model, rewordings.stream().map(TrainingPair::question).toList()))
                .isLessThanOrEqualTo(0.05);
        assertThat(refusals(model, UNRELATED)).isGreaterThanOrEqualTo(MOST_UNRELATED);
        assertThat(model.info().answers()).isEqualTo(ANSWERS);
    }

    @Test
    void aValidationSplitCalibratesWithItsUntrainedAnswersAsNegatives() {
        List<TrainingPair> validation = new ArrayList<>(rewordings.subList(0, 60));
        validation.add(new TrainingPair("Can I adopt a cat from the shelter this week?", "Shelters are open."));

        LocalModel model = trainer.train("m", train, validation, SETTINGS, e -> { }, () -> false);

        assertThat(model.info().epochs()).allSatisfy(e -> assertThat(e.validAccuracy()).isNotNull());
        assertThat(refusals(model, rewordings.stream().map(TrainingPair::question).toList()))
                .isLessThanOrEqualTo(0.05);
        assertThat(refusals(model, UNRELATED)).isGreaterThanOrEqualTo(MOST_UNRELATED);
    }

    @Test
    void theRetrievalBaselineAnswersWithoutTrainingAndIsCalibratedTheSameWay() {
        LocalModel baseline = trainer.retrievalBaseline("base+retrieval", train, List.of(),
                AdapterTrainer.DEFAULT_SEED);
        LocalModel untrained = AnswerIndex.of(train, new EmbeddingMemo(Encoder.DEFAULT))
                .model("u", Adapter.identity(), -1, null);

        assertThat(baseline.info().epochs()).isEmpty();
        assertThat(baseline.info().answers()).isEqualTo(ANSWERS);
        assertThat(baseline.info().threshold()).isGreaterThan(0).isNotEqualTo(LocalModel.DEFAULT_THRESHOLD);
        List<String> questions = rewordings.stream().map(TrainingPair::question).limit(50).toList();
        List<LocalModel.Answer> calibrated = baseline.answerAll(questions);
        List<LocalModel.Answer> plain = untrained.answerAll(questions);
        for (int i = 0; i < questions.size(); i++) {
            assertThat(calibrated.get(i).similarity()).isEqualTo(plain.get(i).similarity());
            if (calibrated.get(i).known()) {
                assertThat(calibrated.get(i).text()).isEqualTo(plain.get(i).text());
            }
        }
        assertThat(refusals(baseline, UNRELATED)).isEqualTo(1.0);
    }

    private static double refusals(LocalModel model, List<String> questions) {
        return model.answerAll(questions).stream().filter(a -> !a.known()).count() / (double) questions.size();
    }
}
