package io.tunepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;

/** An evaluation as a table in the terminal: both models, the deltas, the verdict, and the worst questions. */
@Command(name = "report", description = "Show an evaluation report.")
public final class ReportCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "EVALUATION", description = "The evaluation id (ev-...).")
    String evaluationId;

    @Option(names = "--rows", defaultValue = "10", description = "How many of the worst questions to show.")
    int rows;

    @Override
    public Integer call() {
        String url = Endpoints.defaults().of(Service.EVAL) + "/evaluations/" + evaluationId;
        JsonNode report;
        try {
            report = new Api().get(url);
        } catch (Api.ApiException e) {
            System.err.println(e.getMessage());
            return e.status() == 0 ? TunepipeCli.UNAVAILABLE : TunepipeCli.FAILED;
        }
        if (common.json) {
            System.out.println(report);
            return report.path("promoted").asBoolean(false) ? 0 : TunepipeCli.FAILED;
        }
        System.out.println("Evaluation " + evaluationId + " of dataset " + report.path("datasetId").asText() + " ("
                + report.path("status").asText() + ")");
        System.out.printf(Locale.ROOT, "  %-32s %12s %12s %12s%n", "", "base", "fine-tuned", "delta");
        for (JsonNode m : report.path("metrics")) {
            System.out.printf(Locale.ROOT, "  %-32s %12s %12s %12s%n", m.path("name").asText(),
                    m.path("base").asText(), m.path("fineTuned").asText(), m.path("delta").asText());
        }
        if (!report.path("promoted").isNull()) {
            System.out.println("Verdict: " + (report.path("promoted").asBoolean() ? "PROMOTED" : "not promoted"));
        }
        System.out.println("Worst fine-tuned answers:");
        int shown = 0;
        for (JsonNode r : report.path("rows")) {
            if (shown++ >= rows) {
                break;
            }
            System.out.printf("  F1 %.2f  %s%n      -> %s%n", r.path("fineTunedF1").asDouble(),
                    r.path("question").asText(), r.path("fineTunedAnswer").asText(r.path("error").asText("")));
        }
        System.out.println("Page: " + url + "/report");
        return report.path("promoted").asBoolean(false) ? 0 : TunepipeCli.FAILED;
    }
}
