package io.tunepipe.eval.run;

import io.tunepipe.eval.scoring.AnswerMatch;
import io.tunepipe.text.SentenceEmbedder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The training question/answer pairs of a dataset: which answers were trained (so which held-out questions are in
 * scope), and the pairs whose questions are nearest to a new question by MiniLM embedding, for a retrieval prompt.
 */
public final class TrainingPairs {

    /** One training question and its answer. */
    public record Pair(String question, String answer) {
    }

    private final List<Pair> pairs;
    private final Set<String> answers;
    private final SentenceEmbedder embedder;
    private volatile List<float[]> questionVectors;

    /** Repeated pairs are kept once. */
    public TrainingPairs(List<Pair> pairs, SentenceEmbedder embedder) {
        Map<String, Pair> distinct = new LinkedHashMap<>();
        pairs.forEach(p -> distinct.putIfAbsent(p.question() + "\u0000" + p.answer(), p));
        this.pairs = List.copyOf(distinct.values());
        this.answers = this.pairs.stream().map(p -> AnswerMatch.normalize(p.answer())).collect(Collectors.toSet());
        this.embedder = embedder;
    }

    public int size() {
        return pairs.size();
    }

    /** Whether some training example has this answer (compared as normalised text). */
    public boolean trained(String answer) {
        return answers.contains(AnswerMatch.normalize(answer));
    }

    /** The k pairs whose questions are most similar to this one, most similar first. */
    public List<Pair> nearest(String question, int k) {
        List<float[]> vectors = vectors();
        float[] q = embedder.embed(question);
        double[] similarity = new double[pairs.size()];
        for (int i = 0; i < similarity.length; i++) {
            similarity[i] = SentenceEmbedder.cosine(q, vectors.get(i));
        }
        return IntStream.range(0, pairs.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -similarity[i]).thenComparing(i -> i))
                .limit(k).map(pairs::get).toList();
    }

    /** Embeds the training questions once, on first use. */
    private List<float[]> vectors() {
        List<float[]> v = questionVectors;
        if (v == null) {
            synchronized (this) {
                if (questionVectors == null) {
                    questionVectors = new ArrayList<>(embedder.embedAll(pairs.stream().map(Pair::question).toList()));
                }
                v = questionVectors;
            }
        }
        return v;
    }
}
