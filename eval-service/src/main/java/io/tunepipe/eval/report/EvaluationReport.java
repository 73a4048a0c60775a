package io.tunepipe.eval.report;

import io.tunepipe.eval.repository.Evaluation;
import io.tunepipe.eval.scoring.ModelSummary;
import io.tunepipe.eval.scoring.QuestionResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * An evaluation as people read it: the two models side by side with deltas, and every held-out question with
 * both answers, worst fine-tuned answers first.
 */
public record EvaluationReport(String id, String jobId, String datasetId, String provider, String status,
        String reason, Boolean promoted, String verdictMetric, Double verdictMargin, Double verdictDelta,
        List<ModelSummary> models, List<MetricRow> metrics, List<Row> rows) {

    /** One metric of both models; {@code better} when the fine-tuned value is the better one. */
    public record MetricRow(String name, String base, String fineTuned, String delta, boolean better, double baseBar,
            double fineTunedBar) {
    }

    /** One held-out question with both models' answers. */
    public record Row(String exampleId, String question, String reference, boolean rewording, String baseAnswer,
            double baseF1, String fineTunedAnswer, double fineTunedF1, double fineTunedSimilarity,
            boolean fineTunedRight, String fineTunedJudge, String error) {
    }

    public static EvaluationReport of(Evaluation e, List<ModelSummary> models, List<QuestionResult> base,
            List<QuestionResult> tuned) {
        List<MetricRow> metrics = new ArrayList<>();
        if (models.size() == 2) {
            ModelSummary b = models.get(0);
            ModelSummary t = models.get(1);
            metrics.add(share("exact match", b.exactMatch(), t.exactMatch(), true));
            metrics.add(share("token F1", b.tokenF1(), t.tokenF1(), true));
            metrics.add(share("semantic similarity", b.semanticSimilarity(), t.semanticSimilarity(), true));
            metrics.add(share("similar answers", b.similarAnswerShare(), t.similarAnswerShare(), true));
            metrics.add(share("\"don't know\" rate", b.dontKnowRate(), t.dontKnowRate(), false));
            if (b.canonicalAccuracy() != null && t.canonicalAccuracy() != null) {
                metrics.add(share("accuracy, canonical questions", b.canonicalAccuracy(), t.canonicalAccuracy(), true));
            }
            if (b.rewordingAccuracy() != null && t.rewordingAccuracy() != null) {
                metrics.add(share("accuracy, rewordings", b.rewordingAccuracy(), t.rewordingAccuracy(), true));
            }
            if (b.judgeScore() != null && t.judgeScore() != null) {
                metrics.add(share("LLM judge (fact rubric)", b.judgeScore(), t.judgeScore(), true));
            }
            metrics.add(new MetricRow("errors", Integer.toString(b.errors()), Integer.toString(t.errors()),
                    signed(t.errors() - b.errors(), false), t.errors() <= b.errors(), 0, 0));
            metrics.add(new MetricRow("latency p50 / p95 (ms)", b.latencyP50Millis() + " / " + b.latencyP95Millis(),
                    t.latencyP50Millis() + " / " + t.latencyP95Millis(), "", true, 0, 0));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < tuned.size(); i++) {
            QuestionResult t = tuned.get(i);
            QuestionResult b = i < base.size() ? base.get(i) : null;
            String error = t.error() != null ? "fine-tuned: " + t.error()
                    : b != null && b.error() != null ? "base: " + b.error() : null;
            rows.add(new Row(t.exampleId(), t.question(), t.reference(), t.rewording(), b == null ? null : b.answer(),
                    b == null ? 0 : b.tokenF1(), t.answer(), t.tokenF1(), t.similarity(), t.exactMatch(), t.judgeChoice(), error));
        }
        rows.sort(Comparator.comparingDouble(Row::fineTunedF1).thenComparingDouble(Row::fineTunedSimilarity));
        return new EvaluationReport(e.id, e.jobId, e.datasetId, e.provider, e.status.name(), e.reason, e.promoted,
                e.verdictMetric, e.verdictMargin, e.verdictDelta, models, metrics, rows);
    }

    private static MetricRow share(String name, double base, double tuned, boolean higherIsBetter) {
        double delta = tuned - base;
        return new MetricRow(name, percent(base), percent(tuned), signed(delta * 100, true),
                higherIsBetter ? delta >= 0 : delta <= 0, base * 100, tuned * 100);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String signed(double value, boolean points) {
        return String.format(Locale.ROOT, points ? "%+.1f pts" : "%+.0f", value);
    }
}
