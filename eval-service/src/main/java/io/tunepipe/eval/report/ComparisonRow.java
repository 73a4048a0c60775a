package io.tunepipe.eval.report;

import io.tunepipe.contracts.ModelScores;
import io.tunepipe.contracts.Verdict;
import io.tunepipe.eval.repository.Evaluation;
import io.tunepipe.eval.scoring.ModelSummary;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One evaluation in the comparison of a dataset's runs: in-scope accuracy of the three models, the fine-tuned
 * model's deltas, and the verdict; figures are empty for a model that did not run.
 */
public record ComparisonRow(String id, String createdAt, String fineTunedModel, String status, String base,
        String retrieval, String fineTuned, String delta, String retrievalDelta, String outcome, String reason,
        Boolean beatsRetrieval) {

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    public static ComparisonRow of(Evaluation e, List<ModelSummary> models) {
        ModelSummary b = role(models, ModelScores.BASE);
        ModelSummary r = role(models, ModelScores.RETRIEVAL);
        ModelSummary t = role(models, ModelScores.FINE_TUNED);
        Verdict v = e.verdict();
        return new ComparisonRow(e.id, STARTED.format(e.createdAt), e.fineTunedModel, e.status.name(), accuracy(b),
                accuracy(r), accuracy(t), b == null || t == null ? "" : MetricRow.points(t.accuracy() - b.accuracy()),
                r == null || t == null ? "" : MetricRow.points(t.accuracy() - r.accuracy()),
                v == null ? "" : v.outcome().name(), e.reason,
                v == null || v.outcome() == Verdict.Outcome.FAILED ? null : v.beatsRetrieval());
    }

    private static String accuracy(ModelSummary s) {
        return s == null ? "" : MetricRow.percent(s.accuracy());
    }

    private static ModelSummary role(List<ModelSummary> models, String role) {
        return models.stream().filter(m -> role.equals(m.role())).findFirst().orElse(null);
    }
}
