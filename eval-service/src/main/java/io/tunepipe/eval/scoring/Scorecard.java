package io.tunepipe.eval.scoring;

import io.tunepipe.contracts.ModelScores;
import io.tunepipe.contracts.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An evaluation's outcome from the answers of its models: each answer marked right or wrong, a summary per model,
 * the fine-tuned model's paired comparisons with the base and with the base with retrieval, and the verdict.
 *
 * @param results      per role, the marked answers in question order
 * @param vsRetrieval  null when no retrieval baseline ran
 */
public record Scorecard(Map<String, List<QuestionResult>> results, List<ModelSummary> summaries,
        PairedComparison vsBase, PairedComparison vsRetrieval, Verdict verdict) {

    /** The rules an evaluation is decided by. */
    public record Rules(AnswerRule answers, VerdictRule verdict, PairedBootstrap bootstrap) {
    }

    /**
     * Scores the answers of the models by role ({@link ModelScores#BASE} and {@link ModelScores#FINE_TUNED} are
     * required, {@link ModelScores#RETRIEVAL} is optional), with {@code models} naming each role's model.
     */
    public static Scorecard of(Map<String, String> models, Map<String, List<QuestionResult>> answers, Rules rules) {
        Map<String, List<QuestionResult>> marked = new LinkedHashMap<>();
        List<ModelSummary> summaries = new ArrayList<>();
        for (String role : List.of(ModelScores.BASE, ModelScores.RETRIEVAL, ModelScores.FINE_TUNED)) {
            List<QuestionResult> raw = answers.get(role);
            if (raw != null) {
                List<QuestionResult> results = rules.answers().mark(raw);
                marked.put(role, results);
                summaries.add(ModelSummary.of(models.get(role), role, results,
                        rules.answers().similarityThreshold()));
            }
        }
        List<QuestionResult> tuned = required(marked, ModelScores.FINE_TUNED);
        PairedComparison vsBase = PairedComparison.of(ModelScores.BASE, tuned, required(marked, ModelScores.BASE),
                rules.bootstrap());
        PairedComparison vsRetrieval = marked.containsKey(ModelScores.RETRIEVAL) ? PairedComparison.of(
                ModelScores.RETRIEVAL, tuned, marked.get(ModelScores.RETRIEVAL), rules.bootstrap()) : null;
        return new Scorecard(marked, List.copyOf(summaries), vsBase, vsRetrieval,
                rules.verdict().decide(vsBase, vsRetrieval));
    }

    public List<ModelScores> scores() {
        return summaries.stream().map(ModelSummary::toScores).toList();
    }

    /** The comparisons that ran, against the base first. */
    public List<PairedComparison> comparisons() {
        return vsRetrieval == null ? List.of(vsBase) : List.of(vsBase, vsRetrieval);
    }

    private static List<QuestionResult> required(Map<String, List<QuestionResult>> marked, String role) {
        List<QuestionResult> results = marked.get(role);
        if (results == null) {
            throw new IllegalArgumentException("no answers of the " + role + " model");
        }
        return results;
    }
}
