package io.tunepipe.localmodel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training pairs as embeddings: each distinct answer with its text's embedding, each distinct question with its
 * embedding and answer, and what retrieval is built from them: per answer a prototype (its text's embedding plus
 * the mean of its questions' embeddings, weighed equally so that many paraphrases do not drown the answer's own
 * text), and keys (every training question but near copies, every answer's text, and each passage of an answer that
 * has several).
 */
final class AnswerIndex {

    static final int PASSAGE_CHARS = 200;
    static final double NEAR_COPY = 0.9;
    /** Past this many questions of one answer, near copies are not looked for (it would cost their square). */
    static final int MAX_COMPARED_GROUP = 1000;

    final List<String> answers;
    final Map<String, Integer> answerIds;
    /** Distinct questions' embeddings, and the answer of each. */
    final float[][] questions;
    final int[] answerOf;
    final float[][] answerTexts;
    private final EmbeddingMemo embeddings;

    private AnswerIndex(List<String> answers, Map<String, Integer> answerIds, float[][] questions, int[] answerOf,
            float[][] answerTexts, EmbeddingMemo embeddings) {
        this.answers = answers;
        this.answerIds = answerIds;
        this.questions = questions;
        this.answerOf = answerOf;
        this.answerTexts = answerTexts;
        this.embeddings = embeddings;
    }

    static AnswerIndex of(List<TrainingPair> pairs, EmbeddingMemo embeddings) {
        Map<String, Integer> answerIds = new LinkedHashMap<>();
        Map<String, Integer> questionAnswer = new LinkedHashMap<>();
        for (TrainingPair p : pairs) {
            int a = answerIds.computeIfAbsent(p.answer(), k -> answerIds.size());
            questionAnswer.putIfAbsent(p.question(), a);
        }
        List<String> answers = new ArrayList<>(answerIds.keySet());
        float[][] q = embeddings.embed(new ArrayList<>(questionAnswer.keySet()));
        int[] answerOf = questionAnswer.values().stream().mapToInt(Integer::intValue).toArray();
        return new AnswerIndex(answers, answerIds, q, answerOf, embeddings.embed(answers), embeddings);
    }

    /** A model answering with this index's answers through {@code adapter}. */
    LocalModel model(String name, Adapter adapter, double threshold, LocalModel.Info info) {
        Keys keys = keys();
        return new LocalModel(name, adapter, answers, prototypes(), keys.vectors(), keys.answers(), threshold, info);
    }

    /** Per answer, its prototype. */
    float[][] prototypes() {
        List<List<Integer>> byAnswer = byAnswer();
        float[][] p = new float[answerTexts.length][];
        for (int a = 0; a < p.length; a++) {
            p[a] = Vectors.unit(balanced(answerTexts[a], byAnswer.get(a)));
        }
        return p;
    }

    /**
     * Per training question, the target it is pulled towards: its answer's prototype built without the question
     * and its near copies (cosine at least {@value #NEAR_COPY}, such as its paraphrases), which otherwise would only
     * teach it to find itself.
     */
    float[][] positives() {
        List<List<Integer>> byAnswer = byAnswer();
        float[][] out = new float[questions.length][];
        for (int i = 0; i < questions.length; i++) {
            List<Integer> group = byAnswer.get(answerOf[i]);
            List<Integer> others = new ArrayList<>();
            for (int j : group) {
                if (j != i && (group.size() > MAX_COMPARED_GROUP
                        || Vectors.dot(questions[i], questions[j]) < NEAR_COPY)) {
                    others.add(j);
                }
            }
            out[i] = Vectors.unit(balanced(answerTexts[answerOf[i]], others));
        }
        return out;
    }

    /** The answer text's embedding plus the mean of the given questions' embeddings (none: the text alone). */
    private float[] balanced(float[] answerText, List<Integer> group) {
        float[] v = answerText.clone();
        for (int j : group) {
            for (int d = 0; d < v.length; d++) {
                v[d] += questions[j][d] / group.size();
            }
        }
        return v;
    }

    private List<List<Integer>> byAnswer() {
        List<List<Integer>> out = new ArrayList<>(answers.size());
        for (int a = 0; a < answers.size(); a++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < answerOf.length; i++) {
            out.get(answerOf[i]).add(i);
        }
        return out;
    }

    /** Embeddings a question is matched against, each with the answer it stands for. */
    record Keys(float[][] vectors, int[] answers) {
    }

    /** Every question but near copies of one kept before it (they add no wording, only noise), texts, passages. */
    Keys keys() {
        List<float[]> vectors = new ArrayList<>();
        List<Integer> keyAnswers = new ArrayList<>();
        List<List<Integer>> keptByAnswer = new ArrayList<>(answers.size());
        for (int a = 0; a < answers.size(); a++) {
            keptByAnswer.add(new ArrayList<>());
        }
        for (int i = 0; i < questions.length; i++) {
            List<Integer> kept = keptByAnswer.get(answerOf[i]);
            if (kept.size() >= MAX_COMPARED_GROUP || !nearCopyOfOne(kept, i)) {
                kept.add(i);
                vectors.add(questions[i]);
                keyAnswers.add(answerOf[i]);
            }
        }
        for (int a = 0; a < answerTexts.length; a++) {
            vectors.add(answerTexts[a]);
            keyAnswers.add(a);
        }
        List<String> passages = new ArrayList<>();
        for (int a = 0; a < answers.size(); a++) {
            List<String> split = passages(answers.get(a));
            if (split.size() > 1) {
                passages.addAll(split);
                keyAnswers.addAll(Collections.nCopies(split.size(), a));
            }
        }
        vectors.addAll(List.of(embeddings.embed(passages)));
        return new Keys(vectors.toArray(new float[0][]), keyAnswers.stream().mapToInt(Integer::intValue).toArray());
    }

    private boolean nearCopyOfOne(List<Integer> others, int i) {
        for (int j : others) {
            if (Vectors.dot(questions[i], questions[j]) >= NEAR_COPY) {
                return true;
            }
        }
        return false;
    }

    /** An answer cut at sentence ends into passages of at least {@value #PASSAGE_CHARS} characters. */
    static List<String> passages(String answer) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String sentence : answer.split("(?<=[.!?:])\\s+|\\R+")) {
            if (sentence.isBlank()) {
                continue;
            }
            current.append(current.isEmpty() ? "" : " ").append(sentence.strip());
            if (current.length() >= PASSAGE_CHARS) {
                out.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            out.add(current.toString());
        }
        return out;
    }
}
