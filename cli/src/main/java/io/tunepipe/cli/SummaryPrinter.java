package io.tunepipe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tunepipe.contracts.ModelScores;

import java.io.PrintStream;
import java.util.Locale;

/** Prints how a run ended: counts per stage and the base vs fine-tuned table, or JSON. */
final class SummaryPrinter {

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
        var v = s.evaluation().verdict();
        out.println("Evaluation " + s.evaluation().evaluationId() + " of dataset " + s.datasetId() + ":");
        out.println(String.format(Locale.ROOT, "  %-28s %10s %10s %10s", "", "base", "fine-tuned", "delta"));
        ModelScores base = s.evaluation().scores().get(0);
        ModelScores tuned = s.evaluation().scores().get(1);
        row(out, "exact match", base.exactMatch(), tuned.exactMatch());
        row(out, "token F1", base.tokenF1(), tuned.tokenF1());
        row(out, "semantic similarity", base.semanticSimilarity(), tuned.semanticSimilarity());
        row(out, "\"don't know\" answers", base.dontKnowRate(), tuned.dontKnowRate());
        out.println(String.format(Locale.ROOT, "  %-28s %10d %10d", "questions (errors)", base.questions(),
                tuned.questions()) + "  (" + base.errors() + " / " + tuned.errors() + " errors)");
        out.println(String.format(Locale.ROOT, "Verdict: %s (%s %+.1f points, margin %.1f)",
                v.promoted() ? "PROMOTED" : "not promoted", v.metric(), 100 * v.delta(), 100 * v.margin()));
        out.println("Report: " + s.reportUrl());
    }

    private static void row(PrintStream out, String name, double base, double tuned) {
        out.println(String.format(Locale.ROOT, "  %-28s %9.1f%% %9.1f%% %+9.1f", name, 100 * base, 100 * tuned,
                100 * (tuned - base)));
    }
}
