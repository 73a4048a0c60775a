package io.tunepipe.eval.run;

import java.util.List;

/**
 * The base model with retrieval over the training data and no fine-tuning: each question goes to the base model
 * with the top-k most similar training question/answer pairs and the instruction to answer from them or say it
 * does not know.
 */
public final class RetrievalAugmentedEndpoint implements ChatEndpoint {

    static final String INSTRUCTIONS = "Answer the question using only the question/answer pairs below. When one of"
            + " them answers it, reply with that answer. When none does, reply exactly: I don't know.";

    private final ChatEndpoint base;
    private final TrainingPairs pairs;
    private final int topK;

    public RetrievalAugmentedEndpoint(ChatEndpoint base, TrainingPairs pairs, int topK) {
        this.base = base;
        this.pairs = pairs;
        this.topK = topK;
    }

    @Override
    public Reply ask(String question) {
        return base.ask(prompt(question, pairs.nearest(question, topK)));
    }

    static String prompt(String question, List<TrainingPairs.Pair> retrieved) {
        StringBuilder prompt = new StringBuilder(INSTRUCTIONS).append("\n\n");
        int n = 1;
        for (TrainingPairs.Pair p : retrieved) {
            prompt.append("Pair ").append(n++).append("\nQuestion: ").append(p.question().strip())
                    .append("\nAnswer: ").append(p.answer().strip()).append("\n\n");
        }
        return prompt.append("Question: ").append(question.strip()).toString();
    }
}
