package io.tunepipe.augment.paraphrase;

import io.tunepipe.text.SentenceEmbedder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the rewordings that mean the same: a candidate is kept only when its embedding similarity to the
 * original lies inside the band (below: the meaning drifted; above: a copy), and when it neither contains the
 * answer nor repeats a question of the dataset or another kept rewording. Every rejection is counted by reason.
 */
public final class CandidateFilter {

    /** What became of one question's candidates. */
    public record Outcome(List<String> kept, Map<String, Long> rejected, int generated) {
    }

    /** Shorter answers and answer sentences ("Yes.", "In 1962.") may well appear in a fair question. */
    private static final int MIN_ANSWER_PART = 12;

    private final SentenceEmbedder embedder;
    private final double minSimilarity;
    private final double maxSimilarity;
    private final int perQuestion;

    public CandidateFilter(SentenceEmbedder embedder, double minSimilarity, double maxSimilarity, int perQuestion) {
        this.embedder = embedder;
        this.minSimilarity = minSimilarity;
        this.maxSimilarity = maxSimilarity;
        this.perQuestion = perQuestion;
    }

    /** {@code datasetQuestions} holds the {@link #key} of every question of the dataset; kept ones are added. */
    public Outcome filter(String question, String answer, List<String> candidates, Set<String> datasetQuestions) {
        Map<String, Long> rejected = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        List<String> texts = new ArrayList<>(candidates.size() + 1);
        texts.add(question);
        texts.addAll(candidates);
        List<float[]> vectors = embedder.embedAll(texts);
        List<String> answerParts = answerParts(answer);
        for (int i = 0; i < candidates.size(); i++) {
            String c = candidates.get(i).strip();
            String k = key(c);
            double similarity = SentenceEmbedder.cosine(vectors.get(0), vectors.get(i + 1));
            String reason = k.isEmpty() || k.equals(key(question)) ? "identical"
                    : answerParts.stream().anyMatch(k::contains) ? "contains-answer"
                    : datasetQuestions.contains(k) ? "duplicate"
                    : similarity < minSimilarity ? "meaning-drifted"
                    : similarity > maxSimilarity ? "too-close"
                    : kept.size() >= perQuestion ? "enough-kept"
                    : null;
            if (reason == null) {
                kept.add(c);
                datasetQuestions.add(k);
            } else {
                rejected.merge(reason, 1L, Long::sum);
            }
        }
        return new Outcome(kept, rejected, candidates.size());
    }

    /** The answer, and each of its sentences, long enough that a question holding one gives the answer away. */
    private static List<String> answerParts(String answer) {
        List<String> parts = new ArrayList<>();
        String whole = key(answer);
        if (whole.length() >= MIN_ANSWER_PART) {
            parts.add(whole);
        }
        for (String sentence : answer.split("[.!?;\\n]+")) {
            String k = key(sentence);
            if (k.length() >= MIN_ANSWER_PART && !parts.contains(k)) {
                parts.add(k);
            }
        }
        return parts;
    }

    /** Case, punctuation and spacing do not make two questions different. */
    public static String key(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    }
}
