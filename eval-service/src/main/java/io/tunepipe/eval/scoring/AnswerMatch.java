package io.tunepipe.eval.scoring;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Exact match and token F1 of an answer against references, with the SQuAD v1.1 normalisation. */
public final class AnswerMatch {

    private static final Pattern PUNCTUATION = Pattern.compile("\\p{P}|\\p{S}");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private AnswerMatch() {
    }

    /** Lower case, punctuation removed, English articles removed, whitespace collapsed (SQuAD's normalize_answer). */
    public static String normalize(String text) {
        String s = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        s = PUNCTUATION.matcher(s).replaceAll("");
        s = ARTICLES.matcher(s).replaceAll(" ");
        return WHITESPACE.matcher(s).replaceAll(" ").trim();
    }

    public static boolean exactMatch(String prediction, String reference) {
        return normalize(prediction).equals(normalize(reference));
    }

    /** Harmonic mean of token precision and recall over the normalised bags of tokens. */
    public static double f1(String prediction, String reference) {
        List<String> predicted = tokens(prediction);
        List<String> expected = tokens(reference);
        if (predicted.isEmpty() || expected.isEmpty()) {
            return predicted.equals(expected) ? 1.0 : 0.0;
        }
        Map<String, Integer> remaining = new HashMap<>();
        expected.forEach(t -> remaining.merge(t, 1, Integer::sum));
        int common = 0;
        for (String t : predicted) {
            Integer left = remaining.get(t);
            if (left != null && left > 0) {
                remaining.put(t, left - 1);
                common++;
            }
        }
        if (common == 0) {
            return 0.0;
        }
        double precision = (double) common / predicted.size();
        double recall = (double) common / expected.size();
        return 2 * precision * recall / (precision + recall);
    }

    /** Best exact match over several references, as SQuAD scores. */
    public static boolean exactMatch(String prediction, List<String> references) {
        return references.stream().anyMatch(r -> exactMatch(prediction, r));
    }

    /** Best F1 over several references, as SQuAD scores. */
    public static double f1(String prediction, List<String> references) {
        return references.stream().mapToDouble(r -> f1(prediction, r)).max().orElse(0.0);
    }

    private static List<String> tokens(String text) {
        String normalized = normalize(text);
        return normalized.isEmpty() ? List.of() : Arrays.asList(normalized.split(" "));
    }
}
