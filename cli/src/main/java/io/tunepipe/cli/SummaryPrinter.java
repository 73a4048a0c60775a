package io.tunepipe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tunepipe.contracts.EvaluationCompleted;
import io.tunepipe.contracts.ModelScores;
import io.tunepipe.contracts.Verdict;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Prints how a run ended: base, base with retrieval and fine-tuned side by side, then the outcome with its reason
 * and whether fine-tuning beat retrieval; or JSON.
 */
final class SummaryPrinter {

    /** The three models in the order they are compared, as the event names their roles. */
    static final List<String> ROLES = List.of(ModelScores.BASE, ModelScores.RETRIEVAL, ModelScores.FINE_TUNED);

    private SummaryPrinter() {
    }

    static void print(RunSummary s, boolean json, PrintStream out) {
        if (json) {
            try {
                out.println(Api.json().writeValueAsString(s));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        out.println();
        if (s.failure() != null) {
            out.println("The run of " + s.datasetId() + " stopped: " + s.failure());
            return;
        }
        EvaluationCompleted e = s.evaluation();
        out.println("Evaluation " + e.evaluationId() + " of dataset " + s.datasetId() + ":");
        if (!e.scores().isEmpty()) {
            scores(e.scores(), out);
        }
        verdict(e.verdict(), out);
        if (e.verdict().outcome() != Verdict.Outcome.FAILED) {
            out.println("Report: " + s.reportUrl());
        }
    }

    private static void scores(List<ModelScores> scores, PrintStream out) {
        ModelScores[] byRole = ROLES.stream().map(role -> scores.stream().filter(m -> role.equals(m.role()))
                .findFirst().orElse(null)).toArray(ModelScores[]::new);
        out.println(String.format(Locale.ROOT, "  %-24s %15s %15s %15s", "", ROLES.get(0), ROLES.get(1),
                ROLES.get(2)));
        row(out, "accuracy", byRole, m -> percent(m.accuracy()));
        row(out, "in-scope refusals", byRole, m -> percent(m.inScopeRefusalRate()));
        row(out, "out-of-scope refusals", byRole, m -> percent(m.outOfScopeRefusalRate()));
        row(out, "questions (errors)", byRole, m -> m.questions() + " (" + m.errors() + ")");
    }

    private static void row(PrintStream out, String name, ModelScores[] byRole, Function<ModelScores, String> cell) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-24s", name));
        for (ModelScores m : byRole) {
            line.append(String.format(Locale.ROOT, " %15s", m == null ? "not asked" : cell.apply(m)));
        }
        out.println(line);
    }

    private static void verdict(Verdict v, PrintStream out) {
        if (v.outcome() != Verdict.Outcome.FAILED) {
            out.println(String.format(Locale.ROOT, "Fine-tuned vs base: %s (%s)", points(v.delta()), p(v.pValue())));
            out.println(v.retrievalDelta() == null ? "Fine-tuned vs base+retrieval: no retrieval baseline ran"
                    : String.format(Locale.ROOT, "Fine-tuned vs base+retrieval: %s (%s): fine-tuning %s retrieval",
                            points(v.retrievalDelta()), p(v.retrievalPValue()),
                            v.beatsRetrieval() ? "beat" : "did not beat"));
        }
        out.println("Outcome: " + v.outcome() + (v.reason() == null ? "" : ", " + v.reason()));
    }

    static String percent(Double share) {
        return share == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    static String points(double delta) {
        return String.format(Locale.ROOT, "%+.1f points", 100 * delta);
    }

    /** A McNemar p-value as people read it. */
    static String p(Double value) {
        if (value == null) {
            return "p unknown";
        }
        return value < 0.001 ? "p < 0.001" : String.format(Locale.ROOT, "p = %.3f", value);
    }
}
