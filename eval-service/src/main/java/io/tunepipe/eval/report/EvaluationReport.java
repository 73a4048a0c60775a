package io.tunepipe.eval.report;

import io.tunepipe.contracts.ModelScores;
import io.tunepipe.contracts.Verdict;
import io.tunepipe.eval.repository.Evaluation;
import io.tunepipe.eval.scoring.ModelSummary;
import io.tunepipe.eval.scoring.PairedComparison;
import io.tunepipe.eval.scoring.QuestionResult;
import io.tunepipe.eval.scoring.VerdictRule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An evaluation as people read it: the three models (base, base with retrieval, fine-tuned) side by side with the
 * fine-tuned model's deltas, the verdict, the questions that flipped, a right/wrong chart, and every held-out
 * question with the three answers, wrong fine-tuned answers first.
 *
 * @param promoted    whether the verdict promoted the model; null until it ends (kept for older clients)
 * @param comparisons the fine-tuned model against the base, then against base with retrieval, with flips and CIs
 */
public record EvaluationReport(String id, String jobId, String datasetId, String provider, String status,
        String reason, Boolean promoted, Verdict verdict, String baseModel, String retrievalModel,
        String fineTunedModel, List<ModelSummary> models, List<MetricRow> metrics,
        List<PairedComparison> comparisons, List<Flips> flips, RightWrongChart chart, List<Row> rows) {

    /** One held-out question with the three models' answers; an answer is null where that model did not run. */
    public record Row(String exampleId, String question, String reference, boolean rewording, boolean probe,
            String baseAnswer, boolean baseRight, String retrievalAnswer, boolean retrievalRight,
            String fineTunedAnswer, boolean fineTunedRight, double fineTunedF1, double fineTunedSimilarity,
            String fineTunedJudge, String error) {
    }

    /** The questions on which the fine-tuned model differs from another model, as figures and as lists. */
    public record Flips(String against, int gainedCount, int lostCount, String delta, String pValue, String interval,
            List<Row> gained, List<Row> lost) {
    }

    /** Builds the report from the stored evaluation, its summaries and comparisons, and the answers by role. */
    public static EvaluationReport of(Evaluation e, List<ModelSummary> models, List<PairedComparison> comparisons,
            Map<String, List<QuestionResult>> answers) {
        ModelSummary base = role(models, ModelScores.BASE);
        ModelSummary retrieval = role(models, ModelScores.RETRIEVAL);
        ModelSummary tuned = role(models, ModelScores.FINE_TUNED);
        List<MetricRow> metrics = base != null && tuned != null ? MetricRow.of(base, retrieval, tuned) : List.of();
        List<Row> rows = rows(answers);
        Map<String, Row> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.putIfAbsent(r.exampleId(), r));
        List<Flips> flips = comparisons.stream().map(c -> flips(c, byId)).toList();
        rows.sort(Comparator.comparing(Row::fineTunedRight).thenComparingDouble(Row::fineTunedF1)
                .thenComparingDouble(Row::fineTunedSimilarity));
        Verdict verdict = e.verdict();
        List<String> names = new ArrayList<>();
        List<List<QuestionResult>> bands = new ArrayList<>();
        for (String role : List.of(ModelScores.BASE, ModelScores.RETRIEVAL, ModelScores.FINE_TUNED)) {
            if (answers.containsKey(role) && !answers.get(role).isEmpty()) {
                names.add(role);
                bands.add(answers.get(role));
            }
        }
        return new EvaluationReport(e.id, e.jobId, e.datasetId, e.provider, e.status.name(), e.reason,
                verdict == null ? null : verdict.promoted(), verdict, e.baseModel,
                retrieval == null ? null : retrieval.model(), e.fineTunedModel, models, metrics, comparisons, flips,
                bands.isEmpty() ? null : RightWrongChart.of(names, bands), rows);
    }

    private static List<Row> rows(Map<String, List<QuestionResult>> answers) {
        List<QuestionResult> tuned = answers.getOrDefault(ModelScores.FINE_TUNED, List.of());
        List<QuestionResult> base = answers.getOrDefault(ModelScores.BASE, List.of());
        List<QuestionResult> retrieval = answers.getOrDefault(ModelScores.RETRIEVAL, List.of());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < tuned.size(); i++) {
            QuestionResult t = tuned.get(i);
            QuestionResult b = i < base.size() ? base.get(i) : null;
            QuestionResult r = i < retrieval.size() ? retrieval.get(i) : null;
            rows.add(new Row(t.exampleId(), t.question(), t.reference(), t.rewording(), t.probe(),
                    b == null ? null : b.answer(), b != null && b.right(), r == null ? null : r.answer(),
                    r != null && r.right(), t.answer(), t.right(), t.tokenF1(), t.similarity(), t.judgeChoice(),
                    error(b, r, t)));
        }
        return rows;
    }

    private static String error(QuestionResult base, QuestionResult retrieval, QuestionResult tuned) {
        List<String> errors = new ArrayList<>();
        if (tuned.failed()) {
            errors.add("fine-tuned: " + tuned.error());
        }
        if (retrieval != null && retrieval.failed()) {
            errors.add("base+retrieval: " + retrieval.error());
        }
        if (base != null && base.failed()) {
            errors.add("base: " + base.error());
        }
        return errors.isEmpty() ? null : String.join("; ", errors);
    }

    private static Flips flips(PairedComparison c, Map<String, Row> byId) {
        Set<String> gained = Set.copyOf(c.gained());
        Set<String> lost = Set.copyOf(c.lost());
        return new Flips(c.against(), c.gained().size(), c.lost().size(), MetricRow.points(c.delta()),
                "p " + VerdictRule.pValue(c.pValue()), String.format(Locale.ROOT, "95%% CI %+.1f to %+.1f pts",
                c.ciLow() * 100, c.ciHigh() * 100),
                byId.values().stream().filter(r -> gained.contains(r.exampleId())).toList(),
                byId.values().stream().filter(r -> lost.contains(r.exampleId())).toList());
    }

    private static ModelSummary role(List<ModelSummary> models, String role) {
        return models.stream().filter(m -> role.equals(m.role())).findFirst().orElse(null);
    }
}
