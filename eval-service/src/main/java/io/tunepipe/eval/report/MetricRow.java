package io.tunepipe.eval.report;

import io.tunepipe.eval.scoring.ModelSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One figure of the three models side by side, with the fine-tuned model's difference from the base ({@code delta})
 * and from the base with retrieval ({@code retrievalDelta}); {@code better} and {@code betterThanRetrieval} say
 * whether the fine-tuned value is the better one. Bars are percentages for shares, 0 otherwise. Without a retrieval
 * baseline its cells are empty.
 */
public record MetricRow(String name, String base, String retrieval, String fineTuned, String delta,
        String retrievalDelta, boolean better, boolean betterThanRetrieval, double baseBar, double retrievalBar,
        double fineTunedBar) {

    /** The rows of a report from the summaries of base, (base with retrieval,) fine-tuned. */
    static List<MetricRow> of(ModelSummary base, ModelSummary retrieval, ModelSummary tuned) {
        List<MetricRow> rows = new ArrayList<>();
        Table t = new Table(base, retrieval, tuned, rows);
        t.share("accuracy, in scope (" + tuned.inScopeQuestions() + " questions)", ModelSummary::accuracy, true);
        t.share("refusals, in scope", ModelSummary::inScopeRefusalRate, false);
        if (tuned.probes() > 0) {
            t.share("refusals, out of scope (" + tuned.probes() + " probes)", ModelSummary::outOfScopeRefusalRate,
                    true);
            t.share("right, all questions (probes right when refused)", ModelSummary::overallAccuracy, true);
        }
        t.share("exact match", ModelSummary::exactMatch, true);
        t.share("token F1", ModelSummary::tokenF1, true);
        t.share("semantic similarity", ModelSummary::semanticSimilarity, true);
        t.share("similar answers", ModelSummary::similarAnswerShare, true);
        t.share("\"don't know\", all questions", ModelSummary::dontKnowRate, false);
        t.share("accuracy, canonical questions in scope", ModelSummary::canonicalAccuracy, true);
        t.share("accuracy, rewordings in scope", ModelSummary::rewordingAccuracy, true);
        t.share("LLM judge (fact rubric)", ModelSummary::judgeScore, true);
        t.count("errors", s -> (double) s.errors(), "%.0f", false);
        rows.add(new MetricRow("latency p50 / p95 (ms)", latency(base), latency(retrieval), latency(tuned), "", "",
                true, true, 0, 0, 0));
        return rows;
    }

    private static String latency(ModelSummary s) {
        return s == null ? "" : s.latencyP50Millis() + " / " + s.latencyP95Millis();
    }

    /** Adds rows for the figures that all present models have. */
    private record Table(ModelSummary base, ModelSummary retrieval, ModelSummary tuned, List<MetricRow> rows) {

        void share(String name, Function<ModelSummary, Double> figure, boolean higherIsBetter) {
            Double b = figure.apply(base);
            Double r = retrieval == null ? null : figure.apply(retrieval);
            Double t = figure.apply(tuned);
            if (b == null || t == null) {
                return;
            }
            rows.add(new MetricRow(name, percent(b), r == null ? "" : percent(r), percent(t),
                    points(t - b), r == null ? "" : points(t - r), better(t, b, higherIsBetter),
                    r == null || better(t, r, higherIsBetter), b * 100, r == null ? 0 : r * 100, t * 100));
        }

        void count(String name, Function<ModelSummary, Double> figure, String format, boolean higherIsBetter) {
            double b = figure.apply(base);
            Double r = retrieval == null ? null : figure.apply(retrieval);
            double t = figure.apply(tuned);
            rows.add(new MetricRow(name, String.format(Locale.ROOT, format, b),
                    r == null ? "" : String.format(Locale.ROOT, format, r), String.format(Locale.ROOT, format, t),
                    String.format(Locale.ROOT, "%+.0f", t - b), r == null ? "" : String.format(Locale.ROOT, "%+.0f",
                    t - r), better(t, b, higherIsBetter), r == null || better(t, r, higherIsBetter), 0, 0, 0));
        }

        private static boolean better(double tuned, double other, boolean higherIsBetter) {
            return higherIsBetter ? tuned >= other : tuned <= other;
        }
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    static String points(double delta) {
        return String.format(Locale.ROOT, "%+.1f pts", delta * 100);
    }
}
