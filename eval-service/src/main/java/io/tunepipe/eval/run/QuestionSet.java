package io.tunepipe.eval.run;

import io.tunepipe.contracts.Example;
import io.tunepipe.text.SentenceEmbedder;

import java.util.List;

/**
 * What an evaluation asks: the held-out questions, each marked in scope or out of scope (a probe) by whether its
 * reference answer was trained, and the training pairs behind that and behind the retrieval baseline.
 */
public record QuestionSet(List<HeldOutQuestion> questions, TrainingPairs training) {

    public static QuestionSet of(List<Example> train, List<Example> test, SentenceEmbedder embedder) {
        TrainingPairs training = new TrainingPairs(train.stream()
                .map(x -> new TrainingPairs.Pair(x.prompt(), x.completion())).toList(), embedder);
        List<HeldOutQuestion> questions = test.stream().map(x -> new HeldOutQuestion(x.id(), x.prompt(),
                x.completion(), HeldOutQuestion.isRewordingId(x.id()), !training.trained(x.completion()))).toList();
        return new QuestionSet(questions, training);
    }

    public long probes() {
        return questions.stream().filter(HeldOutQuestion::probe).count();
    }
}
